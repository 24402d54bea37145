package lrsweep.pruning;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lrsweep.train.RungGate;

/**
 * Where the trials of a successive-halving search ask whether to go on: a small HTTP endpoint on
 * the driver (executors reach the driver's host anyway) in front of a {@link Judge}.
 */
final class PromotionServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;
    private final String url;

    /** How the driver decides a report: a {@link RungBoard}'s {@code promote}, or Hyperband's choice of one. */
    interface Judge {
        boolean promote(String trialId, int rung, double value);
    }

    /** Listens on the driver's address, the one executors already reach. */
    PromotionServer(Judge board, String driverHost) throws IOException {
        server = HttpServer.create(new InetSocketAddress(driverHost, 0), 0);
        server.createContext("/promote", exchange -> {
            byte[] answer;
            int status = 200;
            try {
                Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                boolean go = board.promote(q.get("trial"), Integer.parseInt(q.get("rung")), Double.parseDouble(q.get("value")));
                answer = (go ? "promote" : "stop").getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                status = 400;
                answer = ("bad report: " + e).getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "rung-board");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.start();
        // an IPv6 literal goes in brackets in a URL
        String host = driverHost.contains(":") && !driverHost.startsWith("[") ? "[" + driverHost + "]" : driverHost;
        url = "http://" + host + ":" + server.getAddress().getPort() + "/promote";
    }

    /** The gate the trials carry to their executors: rungs at min-epochs × eta^k. */
    RungGate gate(int minEpochs, int eta) {
        return new Gate(url, minEpochs, eta);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        for (String pair : String.valueOf(raw).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        for (String key : new String[] {"trial", "rung", "value"}) {
            if (!q.containsKey(key)) {
                throw new IllegalArgumentException("no " + key);
            }
        }
        return q;
    }

    /** The executor side: one GET per rung. Unreachable driver: the trial fails with that error. */
    private record Gate(String url, int minEpochs, int eta) implements RungGate {

        @Override
        public int[] rungs(int epochs) {
            return RungBoard.rungs(minEpochs, eta, epochs);
        }

        @Override
        public boolean promote(String trialId, int rung, double value) {
            try {
                var connection = (HttpURLConnection) URI.create(url + "?trial=" + trialId + "&rung=" + rung + "&value=" + value)
                        .toURL().openConnection();
                connection.setConnectTimeout(30_000);
                connection.setReadTimeout(60_000);
                if (connection.getResponseCode() != 200) {
                    throw new IllegalStateException("the driver's rung board refused the report: HTTP " + connection.getResponseCode());
                }
                try (InputStream in = connection.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).equals("promote");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the driver's rung board at " + url, e);
            }
        }
    }
}
