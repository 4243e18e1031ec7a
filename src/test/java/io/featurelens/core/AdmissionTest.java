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

    /**
     * A request that arrives just as a turn ends must not take it from the one already waiting: the untimed
     * {@code tryAcquire()} of a fair semaphore barges, so it would win nearly every time; ten tries.
     */
    @Test
    void aNewcomerDoesNotTakeTheTurnOfTheOneWaiting() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Admission admission = new Admission(1, 4, Duration.ofSeconds(30));
            Admission.Turn first = admission.enter();
            java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread waiting = new Thread(() -> {
                try (Admission.Turn turn = admission.enter()) {
                    order.add("waiting");
                    sleep(100);
                }
            });
            waiting.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiting.getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the second request never started waiting");
                Thread.sleep(1);
            }
            first.close();
            try (Admission.Turn newcomer = admission.enter()) {
                order.add("newcomer");
            }
            waiting.join(30_000);
            assertEquals(java.util.List.of("waiting", "newcomer"), order, "attempt " + attempt);
        }
    }

    @Test
    void closingATurnTwiceGivesItBackOnce() {
        Admission admission = new Admission(1, 0, Duration.ofMillis(10));
        Admission.Turn turn = admission.enter();
        turn.close();
        turn.close();
        assertEquals(0, admission.inFlight());
        try (Admission.Turn only = admission.enter()) {
            RejectedRequestException e = assertThrows(RejectedRequestException.class, admission::enter,
                    "a second turn was handed out with only one");
            assertEquals(503, e.status());
        }
    }

    @Test
    void drainingRefusesNewcomersAndWaitsForTheTurnsInProgress() throws Exception {
        Admission admission = new Admission(2, 4, Duration.ofSeconds(30));
        Admission.Turn running = admission.enter();
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return admission.drain(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RejectedRequestException refused = null;
        while (refused == null) {
            assertTrue(System.nanoTime() < deadline, "admission never stopped");
            try {
                admission.enter().close();
                Thread.sleep(1);
            } catch (RejectedRequestException e) {
                refused = e;
            }
        }
        assertEquals(503, refused.status());
        assertTrue(refused.getMessage().contains("shutting down"), refused.getMessage());
        Thread.sleep(50);
        assertTrue(!drained.isDone(), "drain returned while a turn was still held");
        running.close();
        assertTrue(drained.get(30, TimeUnit.SECONDS));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
