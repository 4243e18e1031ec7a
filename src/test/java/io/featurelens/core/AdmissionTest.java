package io.featurelens.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {

    @Test
    void refusesWhenTheQueueIsFullAndLetsTheQueuedOneInWhenATurnEnds() throws Exception {
        Admission admission = new Admission(1, 1, Duration.ofSeconds(30));
        Admission.Turn first = admission.enter();
        assertEquals(1, admission.inFlight());

        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try (Admission.Turn turn = admission.enter()) {
                entered.countDown();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admission.queued() == 0) {
            assertTrue(System.nanoTime() < deadline, "the second request never started waiting");
            Thread.sleep(5);
        }

        RejectedRequestException third = assertThrows(RejectedRequestException.class, admission::enter);
        assertEquals(503, third.status());
        assertEquals(1, third.retryAfterSeconds().getAsInt());
        assertTrue(third.getMessage().contains("busy"), third.getMessage());

        first.close();
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the waiting request got its turn");
        second.get(30, TimeUnit.SECONDS);
        assertEquals(0, admission.inFlight());
        assertEquals(0, admission.queued());
    }

    @Test
    void refusesAfterWaitingTooLong() {
        Admission admission = new Admission(1, 4, Duration.ofMillis(50));
        try (Admission.Turn held = admission.enter()) {
            RejectedRequestException e = assertThrows(RejectedRequestException.class, admission::enter);
            assertEquals(503, e.status());
            assertEquals(0, admission.queued(), "the refused request left the queue");
        }
        admission.enter().close();
    }
}
