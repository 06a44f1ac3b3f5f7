package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The build's single places: {@code atrion-bom} lists every published module of the reactor (not
 * the benchmarks, not the examples) at the project's version; no module's POM names a version
 * of a dependency or plugin (only the parent's dependencyManagement and pluginManagement do, or
 * its properties, which a module's BOM import may use); every jar carries its JPMS module name and
 * atrion-core's qualified exports name modules of the build; the Maven wrapper runs a Maven the
 * enforcer accepts.
 */
class BuildFilesTest {

    /** The repository root: atrion-cli's parent folder (tests run in the module's folder). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document d = f.newDocumentBuilder().parse(file.toFile());
        return d.getDocumentElement();
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().trim();
    }

    private static List<Element> all(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList list = e.getElementsByTagName(name);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** Module folder → its POM, for every module of the parent. */
    private static Map<String, Element> modules() throws Exception {
        Map<String, Element> out = new TreeMap<>();
        for (Element m : all(child(pom(ROOT.resolve("pom.xml")), "modules"), "module")) {
            String dir = m.getTextContent().trim();
            out.put(dir, pom(ROOT.resolve(dir).resolve("pom.xml")));
        }
        return out;
    }

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectsVersion() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("atrion-bom").resolve("pom.xml"));
        assertEquals(text(parent, "version"), text(bom, "version"), "the BOM's version is the project's");
        assertEquals(null, child(bom, "parent"), "an imported BOM must not bring the parent's third-party versions");

        TreeSet<String> published = new TreeSet<>();
        modules().forEach((dir, module) -> {
            Element properties = child(module, "properties");
            boolean skipped = properties != null && "true".equals(text(properties, "maven.install.skip"));
            if (!dir.equals("atrion-bom") && !dir.startsWith("examples/") && !skipped) {
                published.add(text(module, "artifactId"));
            }
        });
        TreeSet<String> listed = new TreeSet<>();
        for (Element d : all(child(bom, "dependencyManagement"), "dependency")) {
            assertEquals("io.atrion", text(d, "groupId"));
            assertEquals("${project.version}", text(d, "version"), text(d, "artifactId"));
            listed.add(text(d, "artifactId"));
        }
        assertTrue(published.contains("atrion-core"), published.toString());
        assertEquals(published, listed);
    }

    @Test
    void onlyTheParentNamesThirdPartyVersions() throws Exception {
        TreeSet<String> parentProperties = new TreeSet<>();
        for (Node n = child(pom(ROOT.resolve("pom.xml")), "properties").getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                parentProperties.add(n.getNodeName());
            }
        }
        for (Map.Entry<String, Element> e : modules().entrySet()) {
            if (e.getKey().equals("atrion-bom")) {
                continue;
            }
            for (String kind : List.of("dependency", "plugin", "path")) {
                for (Element d : all(e.getValue(), kind)) {
                    String version = text(d, "version");
                    boolean own = "io.atrion".equals(text(d, "groupId")) && "${project.version}".equals(version);
                    // A BOM import or a processor path may name a version through the parent's property.
                    boolean parentProperty = version != null && version.startsWith("${")
                            && parentProperties.contains(version.substring(2, version.length() - 1));
                    assertTrue(version == null || own || parentProperty,
                            e.getKey() + "/pom.xml names version " + version + " of " + text(d, "artifactId")
                                    + ": put it in the parent's dependencyManagement or pluginManagement");
                }
            }
        }
    }

    @Test
    void everyJarNamesItsModuleAndTheCoresQualifiedExportsNameModulesOfTheBuild() throws Exception {
        // The parent's jar plugin writes Automatic-Module-Name from atrion.module.name: a jar module
        // without it would carry the unresolved placeholder.
        Map<String, String> names = new TreeMap<>();
        modules().forEach((dir, module) -> {
            if (!"pom".equals(text(module, "packaging"))) {
                Element properties = child(module, "properties");
                String name = properties == null ? null : text(properties, "atrion.module.name");
                assertTrue(name != null && name.matches("io\\.atrion(\\.[a-z]+)+"), dir + ": atrion.module.name " + name);
                assertEquals(null, names.put(name, dir), "two modules named " + name);
            }
        });
        assertEquals("atrion-core", names.get("io.atrion.core"), "core's module-info.java is io.atrion.core");
        String descriptor = Files.readString(ROOT.resolve("atrion-core/src/main/java/module-info.java"));
        assertTrue(descriptor.contains("module io.atrion.core {"), "module io.atrion.core");
        Matcher exportsTo = Pattern.compile("exports\\s+([\\w.]+)\\s+to\\s+([^;]+);").matcher(descriptor);
        TreeSet<String> targets = new TreeSet<>();
        while (exportsTo.find()) {
            for (String target : exportsTo.group(2).split(",")) {
                targets.add(target.trim());
            }
        }
        // A qualified export to a name no module of the build carries would open nothing (javac's
        // warning for it is off in atrion-core, which is built first).
        assertEquals(Set.of("io.atrion.web", "io.atrion.bench"), targets);
        assertTrue(names.keySet().containsAll(targets), targets + " not all in " + names);
    }

    @Test
    void theWrapperRunsAMavenTheEnforcerAccepts() throws Exception {
        String wrapper = Files.readString(ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"));
        assertTrue(wrapper.matches("(?s).*distributionUrl=\\S*/apache-maven-3\\.(8|9)\\.\\d+-bin\\.zip.*"), wrapper);
        assertTrue(Files.isExecutable(ROOT.resolve("mvnw")), "mvnw is executable");
        assertTrue(Files.exists(ROOT.resolve("mvnw.cmd")));
    }
}
