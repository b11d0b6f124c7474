package org.estimator.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as an operator runs it: {@code java -jar target/estimator.jar}, in its own folder. */
public final class JarProcess implements AutoCloseable {

    public final Process process;
    public final int port;
    /** The management interface's port (health, metrics), on loopback. */
    public final int managementPort;
    public final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private JarProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    public static Path jar() {
        return Path.of(System.getProperty("estimator.jar", "target/estimator.jar")).toAbsolutePath();
    }

    /** Starts the jar in {@code workDir} with exactly the given ESTIMATOR_* settings (and a free port). */
    public static JarProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        int port = freePort();
        // The JVM options of the README's command and deploy/: the ITs run the jar as an operator does.
        List<String> command = new ArrayList<>(List.of("java", "@" + Path.of("deploy/jvm.options").toAbsolutePath(),
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESTIMATOR_"));
        builder.environment().putAll(env);
        builder.environment().putIfAbsent("ESTIMATOR_PORT", Integer.toString(port));
        builder.environment().putIfAbsent("ESTIMATOR_MANAGEMENT_PORT", Integer.toString(freePort()));
        builder.environment().putIfAbsent("ESTIMATOR_BIND", "127.0.0.1");
        Path log = Files.createTempFile(workDir, "estimator", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new JarProcess(builder.start(), Integer.parseInt(builder.environment().get("ESTIMATOR_PORT")),
                Integer.parseInt(builder.environment().get("ESTIMATOR_MANAGEMENT_PORT")), log);
    }

    /** Runs the jar to completion and returns its exit code; output goes to {@link #log}. */
    public static Finished run(Path workDir, Map<String, String> env, String... args) throws Exception {
        try (JarProcess p = start(workDir, env, args)) {
            if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the jar did not exit: " + p.output());
            }
            return new Finished(p.process.exitValue(), p.output());
        }
    }

    public record Finished(int exitCode, String output) {
    }

    public JarProcess awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + ": " + output());
            }
            try {
                request("GET", "/rest/v1/group/readiness-probe");
                return this;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the jar did not answer: " + output());
    }

    public HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A JSON request with an optional bearer token and body. */
    public HttpResponse<String> call(String method, String path, String token, String json)
            throws IOException, InterruptedException {
        return call(method, path, token, json, "application/json");
    }

    public HttpResponse<String> call(String method, String path, String token, String json, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type)
                .method(method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** GET on the management interface (health, metrics). */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as a service manager stops it; waits for a clean exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
