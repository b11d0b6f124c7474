package org.estimator.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which service and version answers; also the trivial endpoint the benchmark uses as its ceiling. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
class VersionResource {

    public record Version(String name, String version) {
    }

    private final Version version;

    VersionResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = new Version("estimator", version);
    }

    @GET
    @Path("/version")
    public Version get() {
        return version;
    }
}
