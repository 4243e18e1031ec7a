package io.featurelens.visualize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jobs API: a job's states up to done, the same id and a 200 from the cache (and the files on disk) for the
 * same parameters, the queue's limit, the events in order, and 4xx for bad input. Few steps on conv1_1 keep it
 * quick; seeds new to every run keep the cache (target/featurelens-cache) from answering what should be made.
 */
@QuarkusTest
public class VisualizationJobsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEEDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    static long freshSeed() {
        return SEEDS.incrementAndGet();
    }

    static Response post(Map<String, ?> form) {
        var request = given().contentType("application/x-www-form-urlencoded");
        form.forEach((k, v) -> request.formParam(k, v));
        return request.post("/api/visualizations");
    }

    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static JsonNode awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(given().get("/api/visualizations/" + id).then().statusCode(200).extract().response());
            String status = job.get("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " not finished within " + PATIENCE);
    }

    static byte[] png(JsonNode picture) {
        return Base64.getDecoder().decode(picture.get("png").asText());
    }

    @Test
    void aJobGoesFromQueuedToDoneAndAskingAgainFindsItInTheCache() throws Exception {
        long seed = freshSeed();
        Map<String, Object> form = Map.of("layer", "conv1_1", "filter", "3", "steps", "6", "seed", seed);
        Response first = post(form);
        assertEquals(202, first.statusCode(), first.asString());
        JsonNode queued = json(first);
        String id = queued.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertTrue(List.of("queued", "running").contains(queued.get("status").asText()), queued.toString());
        assertEquals("/api/visualizations/" + id, queued.get("href").asText());
        assertTrue(queued.get("progress").asDouble() >= 0 && queued.get("progress").asDouble() < 1, queued.toString());
        assertFalse(queued.has("image"), "no picture before it is made");
        assertEquals("conv1_1", queued.get("layer").asText());
        assertEquals(3, queued.get("filter").asInt());
        assertEquals(6, queued.get("steps").asInt());
        assertEquals(seed, queued.get("seed").asLong());

        JsonNode done = awaitFinished(id);
        assertEquals("done", done.get("status").asText(), done.toString());
        assertEquals(1.0, done.get("progress").asDouble());
        byte[] picture = png(done.get("image"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture));
        assertNotNull(image, "the image is a PNG");
        assertEquals(VisualizationSpec.SIZE, image.getWidth());
        assertEquals(VisualizationSpec.SIZE, done.get("image").get("width").asInt());
        assertEquals(VisualizationSpec.SIZE, done.get("image").get("height").asInt());
        assertTrue(done.get("activation").get("mean").isNumber() && done.get("activation").get("start").isNumber(), done.toString());

        Path cached = Path.of("target/featurelens-cache/visualizations", id + ".png");
        assertArrayEquals(picture, Files.readAllBytes(cached), "the picture is kept on disk under its id");

        Response again = post(form);
        assertEquals(200, again.statusCode(), "made already: " + again.asString());
        JsonNode hit = json(again);
        assertEquals(id, hit.get("id").asText());
        assertEquals("done", hit.get("status").asText());
        assertArrayEquals(picture, png(hit.get("image")));

        Response asJson = given().contentType("application/json")
                .body(Map.of("layer", "0", "filter", 3, "steps", 6, "seed", seed)).post("/api/visualizations");
        assertEquals(200, asJson.statusCode(), asJson.asString());
        assertEquals(id, json(asJson).get("id").asText(), "layer 0 is conv1_1: the same parameters");

        JsonNode found = json(given().queryParam("layer", "conv1_1").queryParam("filter", 3).queryParam("steps", 6)
                .queryParam("seed", seed).get("/api/visualizations").then().statusCode(200).extract().response());
        assertEquals(id, found.get("id").asText());
        given().queryParam("layer", "conv1_1").queryParam("filter", 3).queryParam("steps", 6)
                .queryParam("seed", freshSeed()).get("/api/visualizations").then().statusCode(404);

        Response other = post(Map.of("layer", "conv1_1", "filter", "4", "steps", "6", "seed", seed));
        assertFalse(json(other).get("id").asText().equals(id), "another filter is another job");
        awaitFinished(json(other).get("id").asText());
    }

    /** A job that keeps the one worker busy for a while, so that jobs posted after it wait in the queue. */
    static String blocker() {
        Response r = post(Map.of("layer", "conv1_1", "filter", "9", "steps", "10", "seed", freshSeed()));
        assertEquals(202, r.statusCode(), r.asString());
        return json(r).get("id").asText();
    }

    @Test
    void eventsComeInOrderAndEndWithDone() throws Exception {
        String blocker = blocker();
        Response started = post(Map.of("layer", "relu1_1", "filter", "5", "steps", "8", "seed", freshSeed()));
        assertEquals(202, started.statusCode(), started.asString());
        String id = json(started).get("id").asText();

        String stream = given().accept("text/event-stream").get("/api/visualizations/" + id + "/events")
                .then().statusCode(200).extract().asString();
        List<Map.Entry<String, JsonNode>> events = events(stream);
        List<String> names = events.stream().map(Map.Entry::getKey).toList();
        List<JsonNode> data = events.stream().map(Map.Entry::getValue).toList();
        assertFalse(names.isEmpty(), stream);
        assertEquals("done", names.get(names.size() - 1), names.toString());
        assertEquals(1, names.stream().filter("done"::equals).count(), names.toString());
        assertTrue(names.subList(0, names.size() - 1).stream().allMatch("progress"::equals), names.toString());
        assertTrue(names.size() >= 3, "the job was followed from before its end: " + names);
        double last = -1;
        int previews = 0;
        for (JsonNode event : data) {
            assertEquals(id, event.get("id").asText());
            double progress = event.get("progress").asDouble();
            assertTrue(progress >= last, "progress never goes back: " + last + " then " + progress);
            last = progress;
            if (event.has("preview")) {
                previews++;
                assertNotNull(ImageIO.read(new ByteArrayInputStream(png(event.get("preview")))), "a preview is a PNG");
            }
        }
        assertEquals(1.0, last);
        assertTrue(previews > 0, "previews every few steps");
        JsonNode done = data.get(data.size() - 1);
        assertEquals("done", done.get("status").asText());
        assertNotNull(ImageIO.read(new ByteArrayInputStream(png(done.get("image")))));

        String again = given().accept("text/event-stream").get("/api/visualizations/" + id + "/events")
                .then().statusCode(200).extract().asString();
        assertEquals(List.of("done"), events(again).stream().map(Map.Entry::getKey).toList(), "a finished job's last event");
        awaitFinished(blocker);
    }

    /** The events of a text/event-stream: name and JSON data. */
    static List<Map.Entry<String, JsonNode>> events(String stream) throws IOException {
        List<Map.Entry<String, JsonNode>> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            String name = null;
            StringBuilder payload = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    payload.append(line.substring(5).trim());
                }
            }
            if (name != null) {
                events.add(Map.entry(name, JSON.readTree(payload.toString())));
            }
        }
        return events;
    }

    @Test
    void aFullQueueIsRefusedWith503AndRetryAfter() throws Exception {
        List<String> accepted = new ArrayList<>(List.of(blocker()));
        Response refused = null;
        for (int i = 0; i < 6 && refused == null; i++) {
            Response r = post(Map.of("layer", "conv1_1", "filter", Integer.toString(i), "steps", "2", "seed", freshSeed()));
            if (r.statusCode() == 503) {
                refused = r;
            } else {
                assertEquals(202, r.statusCode(), r.asString());
                accepted.add(json(r).get("id").asText());
            }
        }
        if (refused == null) {
            fail("six jobs at once fit a queue of 2");
        }
        // One job runs at once and two may wait; the first may not have left the queue yet.
        assertTrue(accepted.size() == 2 || accepted.size() == 3, accepted.toString());
        assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) > 0);
        JsonNode error = json(refused);
        assertEquals(503, error.get("status").asInt());
        assertTrue(error.get("error").asText().contains("queue is full"), error.toString());
        for (String id : accepted) {
            assertEquals("done", awaitFinished(id).get("status").asText());
        }
    }

    @Test
    void anAtlasPictureIsFoundAndNotMadeAgain() throws Exception {
        // featurelens.atlas.location is target/test-atlas in the test profile; an entry for conv1_2 filter 5 with
        // the default steps and seed, as the atlas command and the Lambda function write it.
        VisualizationSpec spec = VisualizationSpec.of(io.featurelens.model.Vgg16.byName("conv1_2").orElseThrow(), 5, null, null);
        byte[] picture = io.featurelens.imaging.PngEncoder.grey(new byte[VisualizationSpec.SIZE * VisualizationSpec.SIZE],
                VisualizationSpec.SIZE, VisualizationSpec.SIZE);
        Visualization atlasEntry = new Visualization(spec, picture, VisualizationSpec.SIZE, VisualizationSpec.SIZE, 3.25, 0.5);
        Path atlas = Path.of("target/test-atlas");
        Files.createDirectories(atlas.resolve("conv1_2"));
        Files.write(atlas.resolve(AtlasLayout.pngKey(spec.layer(), 5)), picture);
        Files.write(atlas.resolve(AtlasLayout.jsonKey(spec.layer(), 5)), AtlasLayout.json(atlasEntry));

        JsonNode found = json(given().queryParam("layer", "conv1_2").queryParam("filter", 5).get("/api/visualizations")
                .then().statusCode(200).extract().response());
        assertEquals("done", found.get("status").asText());
        assertArrayEquals(picture, png(found.get("image")));
        assertEquals(3.25, found.get("activation").get("mean").asDouble());
        assertEquals(0.5, found.get("activation").get("start").asDouble());
        Response posted = post(Map.of("layer", "conv1_2", "filter", "5"));
        assertEquals(200, posted.statusCode(), "in the atlas, so not made again: " + posted.asString());
        assertEquals(found.get("id"), json(posted).get("id"));
        given().get(found.get("href").asText()).then().statusCode(200);
        // Another seed is another picture, which the atlas does not have.
        given().queryParam("layer", "conv1_2").queryParam("filter", 5).queryParam("seed", 1).get("/api/visualizations")
                .then().statusCode(404);
    }

    @Test
    void badInputIsA4xxNamingTheProblem() {
        assertBad(Map.of("layer", "conv9_9", "filter", "0"), 400, "unknown layer 'conv9_9'");
        assertBad(Map.of("layer", "conv1_1", "filter", "64"), 400, "64");
        assertBad(Map.of("layer", "conv1_1", "filter", "-1"), 400, "-1");
        assertBad(Map.of("layer", "conv1_1", "filter", "seven"), 400, "'filter' must be a whole number");
        assertBad(Map.of("layer", "conv1_1"), 400, "no filter");
        assertBad(Map.of("filter", "1"), 400, "no layer");
        assertBad(Map.of("layer", "conv1_1", "filter", "1", "steps", "0"), 400, "steps");
        assertBad(Map.of("layer", "conv1_1", "filter", "1", "steps", Integer.toString(VisualizationSpec.MAX_STEPS + 1)), 400, "steps");
        assertBad(Map.of("layer", "conv1_1", "filter", "1", "seed", "x"), 400, "'seed' must be a whole number");

        Response json = given().contentType("application/json").body("{\"layer\": \"conv1_1\", \"filter\": {}}")
                .post("/api/visualizations");
        assertEquals(400, json.statusCode(), json.asString());
        Response broken = given().contentType("application/json").body("{\"layer\": ").post("/api/visualizations");
        assertEquals(400, broken.statusCode(), broken.asString());

        String unknown = "0123456789abcdef0123456789abcdef";
        JsonNode missing = json(given().get("/api/visualizations/" + unknown).then().statusCode(404).extract().response());
        assertTrue(missing.get("error").asText().contains("no visualisation job '" + unknown + "'"), missing.toString());
        given().get("/api/visualizations/../../etc").then().statusCode(404);
        given().accept("text/event-stream").get("/api/visualizations/" + unknown + "/events").then().statusCode(404);
    }

    private static void assertBad(Map<String, String> form, int status, String mentions) {
        Response response = post(form);
        assertEquals(status, response.statusCode(), form + ": " + response.asString());
        String error = json(response).get("error").asText();
        assertTrue(error.contains(mentions), form + ": " + error);
    }
}
