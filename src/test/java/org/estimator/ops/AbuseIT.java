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
                System.out.printf("with 1000 idle connections: two requests in %d ms%n", (System.nanoTime() - start) / 1_000_000);
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
}
