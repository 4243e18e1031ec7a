package io.featurelens.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.featurelens.Goldens;
import io.featurelens.model.DemoWeights;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenCvLinearResizeTest {

    private static final long RESIZE_SEED = 11;

    /** Each case's source is noise from the shared generator; its cv2.resize output is known by SHA-256. */
    @Test
    void matchesOpenCvBitForBit() throws Exception {
        JsonNode cases = Goldens.meta().get("resize");
        assertTrue(cases.size() >= 8, "resize goldens present");
        int stream = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); stream++) {
            Map.Entry<String, JsonNode> c = it.next();
            String[] size = c.getKey().split("x");
            int w = Integer.parseInt(size[0]);
            int h = Integer.parseInt(size[1]);
            byte[] src = new byte[w * h * 3];
            for (int i = 0; i < src.length; i++) {
                src[i] = (byte) Math.floor(DemoWeights.uniform(RESIZE_SEED, stream, i) * 256);
            }
            byte[] dst = OpenCvLinearResize.resize(src, w, h, 3, 224, 224);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dst));
            assertEquals(c.getValue().asText(), digest, "cv2.resize of a " + c.getKey() + " image");
        }
    }
}
