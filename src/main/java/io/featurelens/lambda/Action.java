package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;

import java.util.Locale;

/** What a request event asks for, in its {@code action} field: feature maps (the default), a prediction or an explanation. */
enum Action {
    FEATURES, PREDICT, EXPLAIN;

    static final String FIELD = "action";

    static Action of(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw RejectedRequestException.badRequest("the event must be a JSON object with 'image' (base64) or "
                    + "'imageS3' {\"bucket\": …, \"key\": …}");
        }
        JsonNode value = event.get(FIELD);
        if (value == null || value.isNull()) {
            return FEATURES;
        }
        for (Action action : values()) {
            if (value.isTextual() && action.id().equals(value.asText().trim().toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        throw RejectedRequestException.badRequest("unknown action '" + Text.clip(value.asText()) + "': use features"
                + " (the default), predict or explain");
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
