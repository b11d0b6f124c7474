package org.estimator.web;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * What the OpenAPI document says about the API as a whole: its tokens are opaque random strings
 * (not JWTs) that the server looks up, sent as {@code Authorization: Bearer <token>}.
 */
@OpenAPIDefinition(info = @Info(title = "Estimator REST API", version = "1"), security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", description = "An opaque token (not a JWT): a session from POST /rest/v1/session, a guest session from "
        + "POST /rest/v1/session/guest, or a personal API token from POST /rest/v1/users/me/tokens. "
        + "Sent as Authorization: Bearer <token>; the web pages use a session cookie instead.")
public class ApiDocument extends Application {
}
