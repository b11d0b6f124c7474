package org.estimator.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.TemplateInstance;

@Path("/about")
@Produces(MediaType.TEXT_HTML)
class AboutPage {

    private final Pages pages;

    AboutPage(Pages pages) {
        this.pages = pages;
    }

    @GET
    public TemplateInstance about() {
        return pages.about();
    }
}
