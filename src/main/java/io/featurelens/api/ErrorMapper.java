package io.featurelens.api;

import io.featurelens.core.ErrorReply;
import io.featurelens.core.RejectedRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/** Every failure becomes an {@link ErrorReply} with a fitting status. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response rejected(RejectedRequestException e) {
        return reply(ErrorReply.of(e));
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return reply(ErrorReply.of(status.getStatusCode(), status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT)));
    }

    /** Raised while the framework reads the request body: the client sent something unreadable or hung up. */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        return reply(ErrorReply.of(400, "the request body could not be read: malformed multipart/form-data, or cut off"));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure while serving a request", e);
        return reply(ErrorReply.internal());
    }

    static Response reply(ErrorReply error) {
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
        error.retryAfterHeader().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }
}
