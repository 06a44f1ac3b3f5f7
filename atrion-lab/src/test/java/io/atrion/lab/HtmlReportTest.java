package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.report.HtmlReport;
import io.atrion.lab.report.TextReport;
import io.atrion.lab.sim.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.ParseErrorList;
import org.jsoup.parser.Parser;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report parses as HTML, is self-contained, and holds one SVG per chart. */
class HtmlReportTest {

    @Test
    void parsesAsHtmlWithOneSectionPerScenarioAndOneSvgPerChart() {
        LabRun run = LabFixtures.standard();
        String html = HtmlReport.render(run);
        Parser parser = Parser.htmlParser().setTrackErrors(100);
        Document doc = Jsoup.parse(html, "", parser);
        ParseErrorList errors = parser.getErrors();
        assertTrue(errors.isEmpty(), "HTML parse errors: " + errors);
        assertEquals("Atrion wind tunnel", doc.title());

        Elements sections = doc.select("section.scenario");
        assertEquals(run.scenarios().size(), sections.size());
        for (Scenario s : run.scenarios()) {
            int atrionPolicies = 0;
            for (PolicyKind p : run.policies(s)) {
                atrionPolicies += p.isAtrion() ? 1 : 0;
            }
            Element sec = doc.getElementById("s-" + s.id());
            assertTrue(sec != null, s.id());
            Elements charts = sec.select("figure.chart");
            // the script, one traffic chart per policy, one R(t) chart per Atrion policy
            assertEquals(1 + run.policies(s).size() + atrionPolicies, charts.size(), s.id());
            for (Element fig : charts) {
                assertEquals(1, fig.select("svg").size(), s.id() + ": one svg per chart");
            }
            // a mean row and a worst-seed row per policy
            assertEquals(run.policies(s).size(), sec.select("table.metrics tbody tr.mean").size());
            assertEquals(run.policies(s).size(), sec.select("table.metrics tbody tr.worst").size());
            // a fleet adds its per-instance tables: one row per policy, one column per instance
            Elements fleet = sec.select("table.fleet");
            assertEquals(s.isFleet() ? 2 : 0, fleet.size(), s.id());
            for (Element t : fleet) {
                assertEquals(run.policies(s).size(), t.select("tbody tr").size(), s.id());
                assertEquals(1 + s.instances(), t.select("thead th").size(), s.id());
            }
        }
        assertEquals(doc.select("figure.chart").size(), doc.select("svg").size(), "every svg is a chart");
        assertFalse(doc.select("table.headline tbody tr").isEmpty());
    }

    @Test
    void isSelfContained() {
        Document doc = Jsoup.parse(HtmlReport.render(LabFixtures.standard()));
        assertTrue(doc.select("script").isEmpty(), "no script");
        assertTrue(doc.select("[src]").isEmpty(), "nothing loaded from elsewhere");
        for (Element e : doc.select("[href]")) {
            String href = e.attr("href");
            assertTrue(href.startsWith("#") || href.startsWith("data:"), "link to " + href);
        }
        assertFalse(doc.select("style").html().contains("url("), "no fetched CSS resources");
    }

    @Test
    void writesIndexHeadlineAndResults(@TempDir Path dir) throws Exception {
        LabRun run = LabFixtures.standard();
        Path html = LabCommand.write(run, dir.resolve("report"));
        assertTrue(Files.size(html) > 100_000);
        String md = Files.readString(dir.resolve("report").resolve("headline.md"));
        assertEquals(TextReport.headlineMarkdown(run), md);
        assertTrue(md.startsWith("| scenario | metric |"), md);
        assertTrue(Files.size(dir.resolve("report").resolve("results.json")) > 100_000);
    }

    /** Critical-tier success is a headline row of every scenario; "fully shed" follows "transitions". */
    @Test
    void theHeadlineReportsCriticalSuccessEverywhere() {
        String md = TextReport.headlineMarkdown(LabFixtures.standard());
        java.util.Map<String, java.util.List<String>> metrics = new java.util.LinkedHashMap<>();
        String current = null;
        for (String line : md.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 3 || line.startsWith("| scenario") || line.startsWith("|---")) {
                continue;
            }
            if (!cells[1].isBlank()) {
                current = cells[1].trim();
            }
            metrics.computeIfAbsent(current, k -> new java.util.ArrayList<>()).add(cells[2].trim());
        }
        assertEquals(LabFixtures.standard().scenarios().size(), metrics.size());
        for (java.util.Map.Entry<String, java.util.List<String>> e : metrics.entrySet()) {
            java.util.List<String> m = e.getValue();
            assertTrue(m.stream().anyMatch(x -> x.startsWith("critical success (")), e.getKey() + ": " + m);
            int t = m.indexOf("breaker transitions");
            if (t >= 0) {
                assertEquals("fully shed, breaker closed (s)", m.get(t + 1), e.getKey() + ": " + m);
            }
        }
    }
}
