package io.tradeloom.domain.config;

/** A configuration value that cannot be used. The message names the file, the key and the value. */
public class SettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;
    private final String value;

    public SettingsException(String source, String key, String value, String reason) {
        super(source + ": " + key + "=" + shown(key, value) + " " + reason);
        this.source = source;
        this.key = key;
        this.value = secret(key) ? null : value;
    }

    /** Keys that hold credentials: their values never reach a message. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[._-]", "");
        return k.contains("password") || k.contains("passphrase") || k.contains("secret") || k.contains("apikey")
                || k.contains("privatekey") || k.contains("accesskey") || k.contains("token")
                || k.contains("credential");
    }

    private static String shown(String key, String value) {
        if (value == null) {
            return "(missing)";
        }
        return secret(key) ? "****" : value;
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }
}
