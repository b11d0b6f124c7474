package org.estimator.web;

/** Messages for statuses the framework itself decides (routing, content negotiation, limits). */
final class FrameworkMessages {

    private FrameworkMessages() {
    }

    static String of(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable: this API answers application/json";
            case 413 -> "Request body too large";
            case 414 -> "Request URI too long";
            case 415 -> "Unsupported media type: send application/json";
            case 431 -> "Request headers too large";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Internal server error" : "Request refused";
        };
    }
}
