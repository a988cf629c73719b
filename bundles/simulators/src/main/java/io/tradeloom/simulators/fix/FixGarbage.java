package io.tradeloom.simulators.fix;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Builders for broken wire data to inject with {@link FixBrokerSimulator#sendGarbage(byte[])} or
 * {@link FixBrokerSimulator#sendRaw(String)}: noise, messages with a wrong CheckSum or BodyLength, and a correctly
 * framed ExecutionReport that lacks required tags. The {@code seqNum} to use is normally the one the initiator
 * expects next, {@link FixBrokerSimulator#nextSenderSeqNum()}; {@link FixBrokerSimulator#sendGarbage(Kind)} does
 * all of this for you.
 */
public final class FixGarbage {

    public static final char SOH = '\u0001';

    private static final DateTimeFormatter SENDING_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS", Locale.ROOT);

    /** The kinds {@link FixBrokerSimulator#sendGarbage(Kind)} can send. */
    public enum Kind {
        /** Random bytes without any "8=" header; a FIX engine skips them. */
        NOISE,
        /** A Heartbeat with the expected MsgSeqNum and a wrong CheckSum; garbled, to be ignored. */
        BAD_CHECKSUM,
        /** A Heartbeat whose BodyLength is too short, so the CheckSum is not where it says; garbled. */
        BAD_BODY_LENGTH,
        /**
         * An ExecutionReport with correct BodyLength and CheckSum but without OrderID, ExecID, ExecType,
         * OrdStatus, Side, LeavesQty, CumQty and AvgPx; the initiator answers with a session Reject (35=3). It
         * consumes the sequence number it carries.
         */
        INVALID_EXECUTION_REPORT
    }

    private FixGarbage() {
    }

    /** {@code length} pseudo-random bytes that never contain "8=" (so no engine takes them for a header). */
    public static byte[] noise(int length, long seed) {
        if (length < 0) {
            throw new IllegalArgumentException("length=" + length + ": must be >= 0");
        }
        Random r = new Random(seed);
        byte[] b = new byte[length];
        r.nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '8') {
                b[i] = '#';
            }
        }
        return b;
    }

    /**
     * A well-formed message: header (8, 9, 35, 49, 56, 34, 52), the body fields as given ({@code "tag=value"}
     * each, no SOH needed), correct BodyLength and CheckSum.
     */
    public static String message(String beginString, String msgType, String senderCompId, String targetCompId,
            int seqNum, String... bodyFields) {
        StringBuilder body = new StringBuilder();
        field(body, "35=" + msgType);
        field(body, "49=" + senderCompId);
        field(body, "56=" + targetCompId);
        field(body, "34=" + seqNum);
        field(body, "52=" + SENDING_TIME.format(LocalDateTime.now(ZoneOffset.UTC)));
        for (String f : bodyFields) {
            field(body, f);
        }
        return frame(beginString, body.toString());
    }

    /**
     * Wraps {@code body} (everything between BodyLength and CheckSum, SOH-terminated fields) with BeginString,
     * a correct BodyLength and a correct CheckSum.
     */
    public static String frame(String beginString, String body) {
        String head = "8=" + beginString + SOH + "9=" + body.getBytes(StandardCharsets.ISO_8859_1).length + SOH;
        String withoutTrailer = head + body;
        return withoutTrailer + "10=" + formatChecksum(checksum(withoutTrailer)) + SOH;
    }

    /** The FIX CheckSum of {@code s}: the byte sum modulo 256. */
    public static int checksum(String s) {
        int sum = 0;
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        return sum & 0xff;
    }

    public static String formatChecksum(int checksum) {
        return String.format(Locale.ROOT, "%03d", checksum & 0xff);
    }

    /** {@code validMessage} with its CheckSum (10) replaced by a wrong one. */
    public static String withBadChecksum(String validMessage) {
        int at = trailerStart(validMessage);
        int actual = Integer.parseInt(validMessage.substring(at + 3, at + 6));
        return validMessage.substring(0, at + 3) + formatChecksum(actual + 1) + SOH;
    }

    /**
     * {@code validMessage} with BodyLength (9) changed by {@code delta} (non-zero) and the CheckSum recomputed,
     * so only the length is wrong.
     */
    public static String withBadBodyLength(String validMessage, int delta) {
        if (delta == 0) {
            throw new IllegalArgumentException("delta must not be 0");
        }
        int nine = validMessage.indexOf(SOH + "9=");
        int nineEnd = validMessage.indexOf(SOH, nine + 1);
        int length = Integer.parseInt(validMessage.substring(nine + 3, nineEnd));
        String changed = validMessage.substring(0, nine + 3) + Math.max(1, length + delta)
                + validMessage.substring(nineEnd, trailerStart(validMessage));
        return changed + "10=" + formatChecksum(checksum(changed)) + SOH;
    }

    /** A Heartbeat (35=0) with a wrong CheckSum. */
    public static String heartbeatWithBadChecksum(String senderCompId, String targetCompId, int seqNum) {
        return withBadChecksum(message(FixSimulatorConfig.BEGIN_STRING, "0", senderCompId, targetCompId, seqNum));
    }

    /** A Heartbeat (35=0) whose BodyLength is 10 short. */
    public static String heartbeatWithBadBodyLength(String senderCompId, String targetCompId, int seqNum) {
        return withBadBodyLength(message(FixSimulatorConfig.BEGIN_STRING, "0", senderCompId, targetCompId, seqNum),
                -10);
    }

    /**
     * An ExecutionReport (35=8) with a correct BodyLength and CheckSum that carries only ClOrdID, Symbol and Text:
     * OrderID, ExecID, ExecType, OrdStatus, Side, LeavesQty, CumQty and AvgPx are missing.
     */
    public static String executionReportMissingRequiredTags(String senderCompId, String targetCompId, int seqNum) {
        return message(FixSimulatorConfig.BEGIN_STRING, "8", senderCompId, targetCompId, seqNum,
                "11=GARBAGE-" + seqNum, "55=BROKEN", "58=required tags missing on purpose");
    }

    /** The bytes of {@code kind} as {@code sim} would send them now (its CompIDs and next sequence number). */
    public static byte[] build(Kind kind, FixBrokerSimulator sim) {
        FixSimulatorConfig c = sim.config();
        return build(kind, c.senderCompId(), c.targetCompId(), sim.nextSenderSeqNum());
    }

    /** The bytes of {@code kind} with explicit CompIDs (as seen from the sender) and sequence number. */
    public static byte[] build(Kind kind, String senderCompId, String targetCompId, int seqNum) {
        Objects.requireNonNull(kind, "kind");
        String s = switch (kind) {
            case NOISE -> null;
            case BAD_CHECKSUM -> heartbeatWithBadChecksum(senderCompId, targetCompId, seqNum);
            case BAD_BODY_LENGTH -> heartbeatWithBadBodyLength(senderCompId, targetCompId, seqNum);
            case INVALID_EXECUTION_REPORT -> executionReportMissingRequiredTags(senderCompId, targetCompId, seqNum);
        };
        return s == null ? noise(64, seqNum) : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code text} with every '|' replaced by SOH, for readable hand-made messages. */
    public static String soh(String pipeDelimited) {
        return pipeDelimited.replace('|', SOH);
    }

    private static void field(StringBuilder sb, String tagValue) {
        sb.append(tagValue);
        if (tagValue.isEmpty() || tagValue.charAt(tagValue.length() - 1) != SOH) {
            sb.append(SOH);
        }
    }

    private static int trailerStart(String message) {
        int at = message.lastIndexOf(SOH + "10=");
        if (at < 0 || message.length() < at + 8) {
            throw new IllegalArgumentException("not a complete FIX message (no CheckSum): " + message.replace(SOH, '|'));
        }
        return at + 1;
    }
}
