package org.estimator.web;

import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.estimator.common.ApiError;
import org.estimator.common.ErrorBody;
import org.estimator.db.Failures;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP answers: each gets its status and a JSON
 * {@code message}; nothing internal (class names, SQL, stack traces) reaches the client.
 */
class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    static Response json(int status, String message) {
        return Response.status(status).entity(new ErrorBody(message)).type("application/json").build();
    }

    @Inject
    Pages pages;

    /** The API answers JSON; a page answers the error page (or, for 401, the way to sign in). */
    private Response answer(int status, String message) {
        return Csrf.isPage(pages.routing().normalizedPath()) ? pages.error(status, message) : json(status, message);
    }

    @ServerExceptionMapper
    Response apiError(ApiError e) {
        Response response = answer(e.status(), e.getMessage());
        if (e.retryAfterSeconds() > 0) {
            response.getHeaders().putSingle("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response;
    }

    /** A caller Quarkus Security could not authenticate (a wrong, expired or revoked bearer token): 401. */
    @ServerExceptionMapper
    Response unauthenticated(io.quarkus.security.AuthenticationFailedException e) {
        return answer(401, e.getMessage() != null ? e.getMessage() : "The token is invalid, expired or revoked");
    }

    /** A route that needs a caller ({@code @Authenticated}) called without one: 401. */
    @ServerExceptionMapper
    Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return answer(401, "Authentication required");
    }

    @ServerExceptionMapper
    Response forbidden(io.quarkus.security.ForbiddenException e) {
        return answer(403, "Not allowed");
    }

    @ServerExceptionMapper
    Response framework(WebApplicationException e) {
        // Quarkus wraps a body it could not read as JSON in a 400 BadRequestException.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return answer(status, FrameworkMessages.of(status));
    }

    @ServerExceptionMapper
    Response malformedJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return answer(400, "Field '" + field + "' has the wrong type or format");
        }
        return answer(400, "The request body is not valid JSON");
    }

    /** Quarkus has its own mapper for this subtype (an empty 400); this one names the field. */
    @ServerExceptionMapper
    Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return malformedJson(e);
    }

    /**
     * Reading the request body failed: the client went away, or a chunked body (no Content-Length)
     * passed the size limit, in which case Vert.x has already answered 413 and closed the
     * connection. Either way the client caused it: no 500, no stack trace in the log.
     */
    @ServerExceptionMapper
    Response unreadableBody(java.io.IOException e) {
        boolean tooLarge = e.getMessage() != null && e.getMessage().contains("too large");
        return answer(tooLarge ? 413 : 400,
                tooLarge ? FrameworkMessages.of(413) : "The request body could not be read");
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        if (Failures.isUnavailable(e)) {
            // The database is down or restarting: tell the client to retry instead of failing hard.
            LOG.warnf("database unavailable: %s", e.getMessage());
            Response response = answer(503, "The database is unavailable; try again in a few seconds");
            response.getHeaders().putSingle("Retry-After", "5");
            return response;
        }
        LOG.error("unexpected error", e);
        Object id = org.jboss.logging.MDC.get("requestId");
        return answer(500, "Internal server error" + (id == null ? "" : " (request id " + id + ")"));
    }
}
