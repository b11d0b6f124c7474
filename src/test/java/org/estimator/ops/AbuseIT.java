package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.estimator.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle connections and oversized uploads do not stop normal requests. */
class AbuseIT {

    @TempDir
    Path dir;

    @Test
    void aThousandIdleConnectionsDoNotStopNormalRequests() throws Exception {
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    idle.add(new Socket("127.0.0.1", jar.port));
                }
                long start = System.nanoTime();
                assertThat(jar.request("POST", "/rest/v1/group/Busy").statusCode()).isEqualTo(201);
                assertThat(jar.request("GET", "/rest/v1/group/Busy").statusCode()).isEqualTo(200);
                System.out.printf("with 1000 idle connections: two requests in %d ms%n",
                        (System.nanoTime() - start) / 1_000_000);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    /** Reads what the server sent until {@code end} appears (the connection may stay open). */
    private static String readUntil(Socket socket, String end) throws Exception {
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!answer.toString().contains(end)) {
            int n = socket.getInputStream().read(buffer);
            if (n < 0) {
                break;
            }
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return answer.toString();
    }

    @Test
    void twentyMegabyteBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("127.0.0.1", jar.port)) {
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    // Headers only: the server must answer from Content-Length alone, without the body.
                    out.write(("POST /rest/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 20971520\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String answer = readUntil(socket, "}");
                    assertThat(answer).startsWith("HTTP/1.1 413").contains("application/json")
                            .contains("{\"message\":\"Request body too large\"}");
                }
            }
            assertThat(jar.request("GET", "/rest/v1/version").statusCode()).isEqualTo(200);
        }
    }

    /** The documented maximum backlog renders for its owner in the 256 MB heap the README gives (it once ran out). */
    @Test
    void aFullBacklogsGroupPageAnswersWithinA256MegabyteHeap() throws Exception {
        try (JarProcess jar = JarProcess.start(dir, Map.of()).awaitReady()) {
            assertThat(jar.call("POST", "/rest/v1/users", null, "{\"nickname\":\"Owner\",\"email\":\"o@example.test\","
                    + "\"password\":\"correct horse battery staple\"}").statusCode()).isEqualTo(201);
            String token = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(jar.call("POST", "/rest/v1/session", null,
                            "{\"email\":\"o@example.test\",\"password\":\"correct horse battery staple\"}").body())
                    .get("token").asText();
            assertThat(jar.call("POST", "/rest/v1/group/Full", token, null).statusCode()).isEqualTo(201);
            StringBuilder csv = new StringBuilder("storyRef,description\n");
            for (int i = 1; i <= 2000; i++) {
                csv.append("PROJ-").append(i).append(",")
                        .append("A story with a description of a realistic length: number ")
                        .append(i).append('\n');
            }
            assertThat(jar.call("POST", "/rest/v1/group/Full/issues/import", token, csv.toString(), "text/csv")
                    .statusCode())
                    .isEqualTo(201);
            for (int i = 0; i < 20; i++) {
                var page = jar.call("GET", "/group/Full", token, null);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body().length()).isLessThan(1_000_000);
            }
        }
    }
}
