package io.featurelens.deploy;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Lambda's side of a function's life, on loopback: Quarkus's mock event server speaks the Lambda runtime
 * API, the packaged function runs as its own process with AWS_LAMBDA_RUNTIME_API pointing at the server,
 * and every invocation is an HTTP request to the server, answered with what the function posted back
 * (200, or 500 with Lambda's error object). Used by bench/lambda_latency.sh and infra/lambda/readonly-check.sh.
 */
public final class LocalLambda implements AutoCloseable {

    /**
     * Notes when the function first asks for an event, the end of its initialisation, or that it reported
     * its initialisation failed (a route of the runtime API that Quarkus's server does not have).
     */
    private static final class EventServer extends MockEventServer {
        final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

        @Override
        public void setupRoutes() {
            router.post(BASE_PATH + "/2018-06-01/runtime/init/error").handler(ctx -> ctx.request().body().onComplete(body -> {
                firstPoll.completeExceptionally(new IllegalStateException("the function's initialisation failed: "
                        + (body.succeeded() ? body.result().toString() : body.cause())));
                ctx.response().setStatusCode(202).end();
            }));
            super.setupRoutes();
        }

        @Override
        public void nextEvent(RoutingContext ctx) {
            firstPoll.complete(System.nanoTime());
            super.nextEvent(ctx);
        }
    }

    private final EventServer events = new EventServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private long started;

    public LocalLambda() {
        events.start(0);
    }

    /** What Lambda sets AWS_LAMBDA_RUNTIME_API to; the mock server serves the API under /_lambda_. */
    public String runtimeApi() {
        return "127.0.0.1:" + events.getPort() + MockEventServer.BASE_PATH;
    }

    /** Starts the function with AWS_LAMBDA_RUNTIME_API added to {@code function}'s environment. */
    public void start(ProcessBuilder function) throws IOException {
        function.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi());
        started = System.nanoTime();
        process = function.start();
    }

    /** Milliseconds from the start of the process to its first poll for an event. */
    public double awaitFirstPoll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return (events.firstPoll.get(200, TimeUnit.MILLISECONDS) - started) / 1e6;
            } catch (ExecutionException e) {
                throw (IllegalStateException) e.getCause();
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the function exited (" + process.exitValue()
                            + ") before asking for an event");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the function did not ask for an event within " + timeout);
                }
            }
        }
    }

    public HttpResponse<byte[]> invoke(byte[] event) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + runtimeApi()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The largest resident set of the function's JVM so far, in kB, where /proc tells it. */
    public OptionalLong peakResidentKb() {
        List<ProcessHandle> processes = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        for (ProcessHandle handle : processes) {
            if (handle.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                        if (line.startsWith("VmHWM:")) {
                            return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                        }
                    }
                } catch (IOException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } finally {
            events.close();
        }
    }
}
