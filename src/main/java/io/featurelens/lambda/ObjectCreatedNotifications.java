package io.featurelens.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.core.Text;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 "object created" notifications in the two shapes S3 sends: {@code {"Records": [{"s3": …}]}} to
 * Lambda, SQS and SNS, where keys are URL-encoded, and {@code {"source": "aws.s3", "detail": …}} to
 * EventBridge. Funqy unwraps SQS and SNS deliveries before the function sees them.
 */
final class ObjectCreatedNotifications {

    /** What one record announces. */
    sealed interface Item {
        /** A new object to process. */
        record Created(S3Location object) implements Item {
        }

        /** A record that needs no work, and why. */
        record Ignored(String source, String reason) implements Item {
        }

        /** A record that cannot be read. */
        record Malformed(String source, String error) implements Item {
        }
    }

    private ObjectCreatedNotifications() {
    }

    static boolean matches(JsonNode event) {
        return event != null && event.isObject() && (event.path("Records").isArray()
                || event.path("source").asText().equals("aws.s3")
                || event.path("Event").asText().equals("s3:TestEvent"));
    }

    static List<Item> items(JsonNode event) {
        if (event.path("Event").asText().equals("s3:TestEvent")) {
            return List.of(new Item.Ignored("s3://" + event.path("Bucket").asText() + "/", "S3's test event"));
        }
        if (!event.path("Records").isArray()) {
            return List.of(eventBridge(event));
        }
        List<Item> items = new ArrayList<>();
        int index = 0;
        for (JsonNode record : event.get("Records")) {
            items.add(record(record, "record " + index++));
        }
        return items;
    }

    private static Item record(JsonNode record, String position) {
        JsonNode s3 = record.path("s3");
        String bucket = s3.path("bucket").path("name").asText("");
        String key = s3.path("object").path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            return new Item.Malformed(position, "not an S3 notification record: it needs s3.bucket.name and s3.object.key");
        }
        S3Location object;
        try {
            object = new S3Location(bucket, URLDecoder.decode(key, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Item.Malformed(position, "s3.object.key '" + Text.clip(key) + "' is not URL-encoded");
        }
        String name = record.path("eventName").asText("");
        if (!name.startsWith("ObjectCreated:")) {
            return new Item.Ignored(object.toString(), "not an object-created event (" + name + ")");
        }
        return new Item.Created(object);
    }

    private static Item eventBridge(JsonNode event) {
        String bucket = event.path("detail").path("bucket").path("name").asText("");
        String key = event.path("detail").path("object").path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            return new Item.Malformed("event " + event.path("id").asText("?"),
                    "not an S3 EventBridge event: it needs detail.bucket.name and detail.object.key");
        }
        S3Location object = new S3Location(bucket, key);
        String type = event.path("detail-type").asText("");
        if (!type.equals("Object Created")) {
            return new Item.Ignored(object.toString(), "not an object-created event (" + type + ")");
        }
        return new Item.Created(object);
    }
}
