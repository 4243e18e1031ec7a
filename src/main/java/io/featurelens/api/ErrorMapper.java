package io.featurelens.api;

import io.featurelens.core.RejectedRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/** Every failure becomes an {@link ApiError}, {@code {"error": "…"}}, with a fitting status: never a stack trace, class name or path. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response rejected(RejectedRequestException e) {
        Response.ResponseBuilder response = error(e.status(), e.getMessage());
        e.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return error(status.getStatusCode(), status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT)).build();
    }

    /** Raised while the framework reads the request body: the client sent something unreadable or hung up. */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return error(400, "the request body could not be read: malformed multipart/form-data, or cut off").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure while serving a request", e);
        return error(500, "internal error; the request was not processed").build();
    }

    static Response.ResponseBuilder error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message));
    }
}
