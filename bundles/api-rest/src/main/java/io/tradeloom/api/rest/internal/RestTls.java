package io.tradeloom.api.rest.internal;

import io.tradeloom.domain.config.Settings;
import io.tradeloom.domain.config.SettingsException;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;

/**
 * HTTPS for the REST API: the server's key and certificate from a key store file. The passwords are held as char
 * arrays, never printed ({@link #toString()} names only the file) and never put into an endpoint URI: the listener
 * gets them as a Camel {@link SSLContextParameters} bean.
 *
 * @param keyStore     the key store file (absolute, or relative to {@code ${karaf.base}})
 * @param type         PKCS12 (default) or JKS
 * @param password     the key store's password
 * @param keyPassword  the private key's password (the key store's when not set)
 */
record RestTls(Path keyStore, String type, char[] password, char[] keyPassword) {

    static final String KEYSTORE = "tls.keystore";
    static final String TYPE = "tls.keystore.type";
    static final String PASSWORD = "tls.keystore.password";
    static final String KEY_PASSWORD = "tls.key.password";

    /** The TLS settings, or null when {@value #KEYSTORE} is not set (plain HTTP). The key store is opened here. */
    static RestTls parse(Settings s) {
        String file = s.string(KEYSTORE, "");
        if (file.isBlank()) {
            return null;
        }
        Path path = Paths.get(file);
        if (!path.isAbsolute()) {
            path = Paths.get(System.getProperty("karaf.base", ".")).resolve(path);
        }
        if (!Files.isReadable(path)) {
            throw s.invalid(KEYSTORE, "no readable key store at " + path.toAbsolutePath());
        }
        String type = s.string(TYPE, "PKCS12").toUpperCase(java.util.Locale.ROOT);
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw s.invalid(TYPE, "must be PKCS12 or JKS");
        }
        String pw = s.string(PASSWORD, "");
        if (pw.isEmpty()) {
            throw s.invalid(PASSWORD, "is required when " + KEYSTORE + " is set");
        }
        String kpw = s.string(KEY_PASSWORD, "");
        RestTls tls = new RestTls(path, type, pw.toCharArray(), (kpw.isEmpty() ? pw : kpw).toCharArray());
        tls.check(s);
        return tls;
    }

    /** Opens the key store and its key now, so that a wrong password is a config error, not a dead listener. */
    private void check(Settings s) {
        KeyStore ks;
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks = KeyStore.getInstance(type);
            ks.load(in, password);
        } catch (Exception e) {
            // Values of password keys are masked by SettingsException; of the cause, only its class goes out.
            throw s.invalid(PASSWORD, "cannot open the key store " + keyStore + " with this password ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            boolean anyKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    ks.getKey(alias, keyPassword);
                    anyKey = true;
                }
            }
            if (!anyKey) {
                throw s.invalid(KEYSTORE, "the key store " + keyStore + " holds no private key");
            }
        } catch (UnrecoverableKeyException e) {
            throw s.invalid(KEY_PASSWORD, "cannot read the private key in " + keyStore + " with this password");
        } catch (SettingsException e) {
            throw e;
        } catch (Exception e) {
            throw s.invalid(KEYSTORE, "unreadable key store " + keyStore + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    SSLContextParameters sslContextParameters() {
        KeyStoreParameters ksp = new KeyStoreParameters();
        ksp.setResource("file:" + keyStore.toAbsolutePath());
        ksp.setType(type);
        ksp.setPassword(new String(password));
        KeyManagersParameters kmp = new KeyManagersParameters();
        kmp.setKeyStore(ksp);
        kmp.setKeyPassword(new String(keyPassword));
        SSLContextParameters p = new SSLContextParameters();
        p.setKeyManagers(kmp);
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestTls t && keyStore.equals(t.keyStore) && type.equals(t.type)
                && Arrays.equals(password, t.password) && Arrays.equals(keyPassword, t.keyPassword);
    }

    @Override
    public int hashCode() {
        return keyStore.hashCode();
    }

    @Override
    public String toString() {
        return "RestTls[" + type + " " + keyStore + "]";
    }
}
