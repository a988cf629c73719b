package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.config.SettingsException;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** HTTPS on a real netty-http listener with a key store made by the JDK's keytool for 127.0.0.1. */
public class RestTlsTest {

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    static final String STORE_PASSWORD = "store-pass-4711";
    static final String TRADE = "trade-secret-0123456789";
    static Path keyStore;
    static CamelContext camel;
    static int port;

    @BeforeClass
    public static void start() throws Exception {
        keyStore = TMP.getRoot().toPath().resolve("rest.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "rest", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD)
                .redirectErrorStream(true).redirectOutput(TMP.newFile("keytool.log")).start();
        assertTrue("keytool finished", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("keytool exit code", 0, p.exitValue());

        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RestConfig config = RestConfig.parse(props("port", Integer.toString(port), "apikey.desk", "trade:" + TRADE,
                RestTls.KEYSTORE, keyStore.toString(), RestTls.PASSWORD, STORE_PASSWORD));
        RestHandler handler = new RestHandler(new Fakes.Orders(), new Fakes.Venues(), new Fakes.Risk(),
                new Fakes.DeadLetters(), new RestMetrics(), () -> config);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RestRoutes(config, handler));
        camel.start();
    }

    @AfterClass
    public static void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A client that trusts exactly the server's certificate. */
    static HttpClient trustingClient() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("rest", ks.getCertificate("rest"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    public void answersOverHttpsWithTheConfiguredCertificate() throws Exception {
        HttpResponse<String> health = trustingClient().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpResponse<String> orders = trustingClient().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/api/orders")).header("X-API-Key", TRADE)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(orders.body(), 200, orders.statusCode());
    }

    @Test
    public void refusesPlainHttpOnTheTlsPort() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            fail("plain HTTP got an answer: " + r.statusCode());
        } catch (IOException expected) {
            // The TLS handshake fails on a plain request.
        }
    }

    @Test
    public void noPasswordInTheEndpointUrisOrTheConfig() throws Exception {
        RestConfig config = RestConfig.parse(props(RestTls.KEYSTORE, keyStore.toString(), RestTls.PASSWORD,
                STORE_PASSWORD));
        assertFalse(config.toString().contains(STORE_PASSWORD));
        camel.getEndpoints().forEach(e -> assertFalse(e.getEndpointUri(),
                e.getEndpointUri().contains(STORE_PASSWORD)));
        assertNotNull(camel.getRegistry().lookupByName(RestRoutes.SSL_BEAN));
    }

    @Test
    public void withoutAKeyStoreTheListenerIsPlainHttp() {
        RestConfig config = RestConfig.parse(props());
        assertNull(config.tls());
        assertEquals("http", config.scheme());
    }

    @Test
    public void wrongPasswordIsAConfigErrorThatNamesTheKeyButNotTheValue() {
        try {
            RestConfig.parse(props(RestTls.KEYSTORE, keyStore.toString(), RestTls.PASSWORD, "wrong-pass-1234"));
            fail("a wrong key store password was accepted");
        } catch (SettingsException e) {
            assertEquals(RestTls.PASSWORD, e.key());
            assertFalse(e.getMessage(), e.getMessage().contains("wrong-pass-1234"));
            assertTrue(e.getMessage(), e.getMessage().contains("cannot open the key store"));
        }
    }

    @Test
    public void missingFileAndMissingPasswordAreConfigErrors() {
        try {
            RestConfig.parse(props(RestTls.KEYSTORE, new File(TMP.getRoot(), "nope.p12").toString(),
                    RestTls.PASSWORD, STORE_PASSWORD));
            fail("a missing key store was accepted");
        } catch (SettingsException e) {
            assertEquals(RestTls.KEYSTORE, e.key());
            assertTrue(e.getMessage(), e.getMessage().contains("no readable key store"));
        }
        try {
            RestConfig.parse(props(RestTls.KEYSTORE, keyStore.toString()));
            fail("a key store without a password was accepted");
        } catch (SettingsException e) {
            assertEquals(RestTls.PASSWORD, e.key());
        }
    }
}
