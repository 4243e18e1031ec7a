package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.core.Text;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A features request as the function receives it: the picture inline ({@code image}, base64) or in S3
 * ({@code imageS3}), the JSON API's {@code layer}, {@code filters}, {@code normalize} and {@code colormap},
 * and optionally a folder in S3 for the pictures ({@code output.s3}).
 */
record FeaturesEvent(Picture picture, String layer, String filters, String normalize,
                     String colormap, Optional<S3Location> output) {

    private static final Set<String> FIELDS = Set.of(Action.FIELD, "image", "imageS3", "layer", "filters", "normalize",
            "colormap", "output");
    private static final int MAX_KEY_BYTES = 1024;
    /** What an output prefix leaves for {@code /<layer>/filter-NNN.png} within S3's key length. */
    private static final int OUTPUT_NAME_BYTES = 64;

    /** The picture of a request, inline or in S3: read by {@link #read} once the request's fields are checked. */
    record Picture(byte[] inline, S3Location s3) {

        static Picture parse(JsonNode event) {
            boolean inline = present(event.get("image"));
            boolean inS3 = present(event.get("imageS3"));
            if (inline && inS3) {
                throw RejectedRequestException.badRequest("send the picture as 'image' or as 'imageS3', not both");
            }
            if (!inline && !inS3) {
                throw RejectedRequestException.badRequest("no image: send the picture as 'image' (base64) or as "
                        + "'imageS3' {\"bucket\": …, \"key\": …}");
            }
            return new Picture(inline ? base64(event.get("image")) : null,
                    inS3 ? location(event.get("imageS3"), "imageS3", "key", true, 0) : null);
        }

        byte[] read(S3Objects objects) {
            return inline != null ? inline : objects.read(s3);
        }
    }

    static FeaturesEvent parse(JsonNode event) {
        onlyKnown(event, FIELDS, "field");
        return new FeaturesEvent(Picture.parse(event), scalar(event, "layer"), scalar(event, "filters"),
                scalar(event, "normalize"), scalar(event, "colormap"), output(event.get("output")));
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static byte[] base64(JsonNode value) {
        if (!value.isTextual()) {
            throw RejectedRequestException.badRequest("'image' must be a base64 string");
        }
        String text = value.asText().replaceFirst("^data:[^,]*;base64,", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw RejectedRequestException.badRequest("'image' is not valid base64: " + e.getMessage());
        }
    }

    /** A text parameter; numbers are taken as their text, so {@code "layer": 3} means layer 3. */
    static String scalar(JsonNode event, String name) {
        JsonNode value = event.get(name);
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw RejectedRequestException.badRequest("'" + name + "' must be a string or a number");
        }
        return value.asText();
    }

    static void onlyKnown(JsonNode object, Set<String> known, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw RejectedRequestException.badRequest("unknown " + what + " '" + Text.clip(name) + "': use "
                        + known.stream().sorted().map(n -> "'" + n + "'").collect(Collectors.joining(", ")));
            }
        }
    }

    /** {@code reservedBytes}: what the key must leave free of S3's 1024 bytes for the names added to it. */
    private static S3Location location(JsonNode value, String name, String keyField, boolean keyRequired, int reservedBytes) {
        if (!value.isObject()) {
            throw RejectedRequestException.badRequest("'" + name + "' must be an object {\"bucket\": …, \""
                    + keyField + "\": …}");
        }
        String bucket = text(value, "bucket", name, true);
        String key = text(value, keyField, name, keyRequired);
        int bytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES - reservedBytes) {
            throw RejectedRequestException.badRequest("'" + name + "." + keyField + "' is " + bytes + " bytes; at most "
                    + (MAX_KEY_BYTES - reservedBytes) + " fit in an S3 key" + (reservedBytes > 0 ? " with the names added to it" : ""));
        }
        return new S3Location(bucket, key == null ? "" : key);
    }

    private static String text(JsonNode object, String field, String name, boolean required) {
        JsonNode value = object.get(field);
        if (!present(value)) {
            if (required) {
                throw RejectedRequestException.badRequest("'" + name + "' needs '" + field + "'");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw RejectedRequestException.badRequest("'" + name + "." + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    static Optional<S3Location> output(JsonNode value) {
        if (!present(value)) {
            return Optional.empty();
        }
        if (!value.isObject() || !present(value.get("s3"))) {
            throw RejectedRequestException.badRequest("'output' must be {\"s3\": {\"bucket\": …, \"prefix\": …}}");
        }
        onlyKnown(value, Set.of("s3"), "output");
        return Optional.of(location(value.get("s3"), "output.s3", "prefix", false, OUTPUT_NAME_BYTES).normalized());
    }
}
