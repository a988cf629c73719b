package io.tradeloom.vendor.csv.internal;

import io.tradeloom.domain.marketdata.Bar;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tradeloom.vendor.csv.internal.TestSupport.assertExactly;
import static io.tradeloom.vendor.csv.internal.TestSupport.config;
import static io.tradeloom.vendor.csv.internal.TestSupport.sample;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class BarFileParserTest {

    private static final Instant NOW = Instant.parse("2024-03-18T21:00:00Z");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private BarFileParser parser(String... kv) {
        return new BarFileParser(config(tmp.getRoot().toPath(), kv));
    }

    private static List<Bar> accepted(BarFileParser.Outcome o) {
        if (o instanceof BarFileParser.Accepted a) {
            return a.bars();
        }
        fail("expected the file to be accepted, was rejected: " + ((BarFileParser.Rejected) o).reason());
        return null;
    }

    private static String rejected(BarFileParser.Outcome o) {
        if (o instanceof BarFileParser.Rejected r) {
            return r.reason();
        }
        fail("expected the file to be rejected, was accepted with " + ((BarFileParser.Accepted) o).bars());
        return null;
    }

    private static BarFileParser.Outcome parse(BarFileParser p, String name, String text) {
        return p.parse(name, text.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    public void yahooPresetTakesTheSymbolFromTheFileNameAndKeepsPricesExactly() {
        List<Bar> bars = accepted(parser("layout", "yahoo").parse("AAPL.csv", sample("AAPL.csv"), NOW));
        assertEquals(6, bars.size());
        Bar first = bars.get(0);
        assertEquals("AAPL", first.symbol());
        assertEquals("csv", first.source());
        assertEquals(Duration.ofDays(1), first.interval());
        assertExactly("172.940002", first.open());
        assertExactly("174.380005", first.high());
        assertExactly("172.050003", first.low());
        assertExactly("172.750000", first.close());
        assertExactly("60139500", first.volume());
        // 2024-03-11 is after the switch to EDT (UTC-4) on March 10th.
        assertEquals(Instant.parse("2024-03-11T04:00:00Z"), first.timestamp());
        assertEquals(NOW, first.receivedAt());
        Bar last = bars.get(5);
        assertEquals(Instant.parse("2024-03-18T04:00:00Z"), last.timestamp());
        assertExactly("173.720001", last.close());
    }

    @Test
    public void yahooWithAConfiguredSymbolAndMapping() {
        List<Bar> bars = accepted(parser("layout", "yahoo", "symbol", "APPLE", "symbol.map", "AAPL=APPLE", "id", "yahoo-eod")
                .parse("download (3).csv", sample("AAPL.csv"), NOW));
        assertEquals("AAPL", bars.get(0).symbol());
        assertEquals("yahoo-eod", bars.get(0).source());
    }

    @Test
    public void barchartPresetReadsSymbolsQuotesCrLfAndSkipsTheFooter() {
        List<Bar> bars = accepted(parser("layout", "barchart").parse("barchart-eod.csv", sample("barchart-eod.csv"), NOW));
        assertEquals(5, bars.size());
        assertEquals(List.of("MSFT", "MSFT", "SPY", "SPY", "BRK.B"), bars.stream().map(Bar::symbol).toList());
        Bar msft = bars.get(0);
        assertEquals(Instant.parse("2024-03-14T04:00:00Z"), msft.timestamp());
        assertExactly("424.63", msft.open());
        assertExactly("427.78", msft.high());
        assertExactly("417.27", msft.low());
        assertExactly("425.22", msft.close());
        assertExactly("34157300", msft.volume());
        Bar brk = bars.get(4);
        assertExactly("414.98", brk.open());
        assertExactly("4523300", brk.volume());
    }

    @Test
    public void barchartAcceptsIsoDatesAndIntradayTimes() {
        List<Bar> bars = accepted(parse(parser("layout", "barchart", "interval", "PT5M"), "x.csv",
                "Symbol,Time,Open,High,Low,Last,Volume\n"
                        + "ES,2024-03-15 09:30,5180.25,5182.00,5178.50,5181.75,10234\n"
                        + "ES,03/15/2024 09:35:00,5181.75,5183.00,5180.00,5182.50,8120\n"));
        assertEquals(Instant.parse("2024-03-15T13:30:00Z"), bars.get(0).timestamp());
        assertEquals(Instant.parse("2024-03-15T13:35:00Z"), bars.get(1).timestamp());
        assertEquals(Duration.ofMinutes(5), bars.get(0).interval());
    }

    @Test
    public void customMappingWithIsoOffsetsAndSymbolMap() {
        BarFileParser p = parser("layout", "custom", "column.symbol", "Ticker", "column.time", "Timestamp",
                "column.open", "O", "column.high", "H", "column.low", "L", "column.close", "C",
                "column.volume", "Vol", "time.format", "iso", "interval", "PT1M", "symbol.map", "BRK.B=BRK-B");
        List<Bar> bars = accepted(p.parse("intraday.csv", sample("intraday.csv"), NOW));
        assertEquals(5, bars.size());
        assertEquals("BRK.B", bars.get(0).symbol());
        assertEquals("NVDA", bars.get(2).symbol());
        assertEquals(Instant.parse("2024-03-15T13:30:00Z"), bars.get(0).timestamp());
        assertEquals(Instant.parse("2024-03-15T13:32:00Z"), bars.get(4).timestamp());
        assertExactly("868.40", bars.get(4).close());
        assertExactly("18250", bars.get(0).volume());
        assertEquals(Duration.ofMinutes(1), bars.get(0).interval());
    }

    @Test
    public void customHeaderNamesMatchIgnoringCaseAndSpaces() {
        BarFileParser p = parser("layout", "custom", "column.time", "day", "column.open", "open",
                "column.high", "high", "column.low", "low", "column.close", "close", "column.volume", "volume",
                "time.format", "dd.MM.yyyy", "time.zone", "Europe/Berlin", "symbol", "SAP");
        List<Bar> bars = accepted(parse(p, "whatever.csv", " Day , OPEN ,High,Low,Close,Volume\n15.03.2024,180.5,182.1,179.9,181.6,1200000\n"));
        assertEquals("SAP", bars.get(0).symbol());
        assertEquals(Instant.parse("2024-03-14T23:00:00Z"), bars.get(0).timestamp());
    }

    @Test
    public void endOfDayDatesAreMidnightInTheConfiguredZoneAsUtc() {
        String text = "Date,Open,High,Low,Close,Adj Close,Volume\n"
                + "2024-01-16,182.160004,184.259995,180.929993,183.630005,182.7,65603000\n"
                + "2024-07-15,236.479996,237.229996,233.089996,234.399994,233.9,62631300\n";
        List<Bar> ny = accepted(parse(parser("layout", "yahoo"), "AAPL.csv", text));
        assertEquals(Instant.parse("2024-01-16T05:00:00Z"), ny.get(0).timestamp());   // EST, UTC-5
        assertEquals(Instant.parse("2024-07-15T04:00:00Z"), ny.get(1).timestamp());   // EDT, UTC-4
        List<Bar> utc = accepted(parse(parser("layout", "yahoo", "time.zone", "UTC"), "AAPL.csv", text));
        assertEquals(Instant.parse("2024-01-16T00:00:00Z"), utc.get(0).timestamp());
        List<Bar> tokyo = accepted(parse(parser("layout", "yahoo", "time.zone", "Asia/Tokyo"), "AAPL.csv", text));
        assertEquals(Instant.parse("2024-07-14T15:00:00Z"), tokyo.get(1).timestamp());
    }

    @Test
    public void missingColumnRejectsTheFileNamingTheColumn() {
        String reason = rejected(parser("layout", "yahoo").parse("AAPL.csv", sample("missing-high.csv"), NOW));
        assertEquals("AAPL.csv line 1: column High is missing from the header (found: Date, Open, Low, Close,"
                + " Adj Close, Volume)", reason);
    }

    @Test
    public void nonNumericValueNamesLineColumnAndValue() {
        String reason = rejected(parser("layout", "yahoo").parse("AAPL.csv", sample("bad-number.csv"), NOW));
        assertEquals("AAPL.csv line 7: column High value \"abc\" is not a number", reason);
    }

    @Test
    public void highBelowCloseIsRejectedByValidation() {
        String reason = rejected(parser("layout", "yahoo").parse("AAPL.csv", sample("high-below-close.csv"), NOW));
        assertEquals("AAPL.csv line 3: column High value \"173.200000\" is invalid: below max(open, close)"
                + " 173.229996", reason);
    }

    @Test
    public void nonPositiveLowAndNegativeVolumeAreRejected() {
        String header = "Date,Open,High,Low,Close,Adj Close,Volume\n";
        assertTrue(rejected(parse(parser("layout", "yahoo"), "X.csv", header + "2024-03-11,1,2,0,1.5,1.5,10\n"))
                .startsWith("X.csv line 2: column Low value \"0\" is invalid: must be greater than 0"));
        assertEquals("X.csv line 2: column Volume value \"-10\" is invalid: must not be negative",
                rejected(parse(parser("layout", "yahoo"), "X.csv", header + "2024-03-11,1,2,0.5,1.5,1.5,-10\n")));
    }

    @Test
    public void badDatesAreRejectedStrictly() {
        String header = "Date,Open,High,Low,Close,Adj Close,Volume\n";
        assertEquals("X.csv line 2: column Date value \"2024-02-30\" is not a time in format yyyy-MM-dd",
                rejected(parse(parser("layout", "yahoo"), "X.csv", header + "2024-02-30,1,2,0.5,1.5,1.5,10\n")));
        assertEquals("X.csv line 2: column Date value \"03/15/2024\" is not a time in format yyyy-MM-dd",
                rejected(parse(parser("layout", "yahoo"), "X.csv", header + "03/15/2024,1,2,0.5,1.5,1.5,10\n")));
    }

    @Test
    public void yahooNullRowIsNotANumber() {
        String text = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-03-11,null,null,null,null,null,null\n";
        assertEquals("X.csv line 2: column Open value \"null\" is not a number",
                rejected(parse(parser("layout", "yahoo"), "X.csv", text)));
    }

    @Test
    public void shortRowAndEmptyValue() {
        String header = "Date,Open,High,Low,Close,Adj Close,Volume\n";
        assertEquals("X.csv line 2: has 6 fields, the header has 7",
                rejected(parse(parser("layout", "yahoo"), "X.csv", header + "2024-03-11,1,2,0.5,1.5,1.5\n")));
        assertEquals("X.csv line 2: column Close value \"\" is empty",
                rejected(parse(parser("layout", "yahoo"), "X.csv", header + "2024-03-11,1,2,0.5,,1.5,10\n")));
    }

    @Test
    public void emptyFileIsRejectedAndHeaderOnlyFileHasNoBars() {
        assertEquals("AAPL.csv line 1: the file is empty: expected a header line",
                rejected(parse(parser("layout", "yahoo"), "AAPL.csv", "")));
        assertEquals("AAPL.csv line 1: the file is empty: expected a header line",
                rejected(parse(parser("layout", "yahoo"), "AAPL.csv", "\uFEFF\r\n\r\n")));
        assertEquals(0, accepted(parse(parser("layout", "yahoo"), "AAPL.csv",
                "Date,Open,High,Low,Close,Adj Close,Volume\r\n")).size());
    }

    @Test
    public void quotedFieldsCrLfAndBomInAYahooFile() {
        String text = "\uFEFF\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Adj Close\",\"Volume\"\r\n"
                + "\"2024-03-11\",\"172.940002\",\"174.380005\",\"172.050003\",\"172.750000\",\"172.107330\",\"60139500\"\r\n"
                + "\r\n"
                + "2024-03-12,173.149994,174.029999,171.009995,173.229996,172.585541,59825400\r\n";
        List<Bar> bars = accepted(parse(parser("layout", "yahoo"), "AAPL.csv", text));
        assertEquals(2, bars.size());
        assertExactly("172.940002", bars.get(0).open());
        assertExactly("173.229996", bars.get(1).close());
    }

    @Test
    public void lineNumbersCountBlankLinesAndMultiLineFields() {
        String text = "Date,Open,High,Low,Close,Adj Close,Volume\r\n"
                + "\r\n"
                + "2024-03-11,1,2,0.5,1.5,\"adj\r\nclose\",10\r\n"
                + "2024-03-12,1,2,0.5,1.5,1.5,ten\r\n";
        assertEquals("AAPL.csv line 5: column Volume value \"ten\" is not a number",
                rejected(parse(parser("layout", "yahoo"), "AAPL.csv", text)));
    }

    @Test
    public void noSymbolFromAnUnusableFileName() {
        String reason = rejected(parse(parser("layout", "yahoo"), "download (3).csv",
                "Date,Open,High,Low,Close,Adj Close,Volume\n"));
        assertTrue(reason, reason.startsWith("download (3).csv: has no symbol column"));
    }

    @Test
    public void badSymbolInSymbolColumn() {
        assertEquals("x.csv line 2: column Symbol value \"\" is not a ticker symbol",
                rejected(parse(parser("layout", "barchart"), "x.csv",
                        "Symbol,Time,Open,High,Low,Last,Volume\n,03/15/2024,1,2,0.5,1.5,10\n")));
    }

    @Test
    public void notUtf8() {
        assertEquals("x.csv: is not UTF-8 text", rejected(parser("layout", "yahoo").parse("x.csv",
                new byte[] {'D', 'a', 't', 'e', (byte) 0xFF, '\n'}, NOW)));
    }

    @Test
    public void symbolFromFileName() {
        assertEquals("AAPL", BarFileParser.symbolFromFileName("AAPL.csv"));
        assertEquals("BRK.B", BarFileParser.symbolFromFileName("brk.b.csv"));
        assertEquals("^GSPC", BarFileParser.symbolFromFileName("^GSPC.csv"));
        assertEquals(null, BarFileParser.symbolFromFileName("my prices.csv"));
    }
}
