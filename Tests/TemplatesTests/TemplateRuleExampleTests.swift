import Findings
import Testing
@testable import Templates

/// The lines of an example that carry `{# error: ID #}` for `id`.
private func markedLines(_ example: String, id: String) -> [Int] {
    example.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
        guard let marker = line.range(of: "{# error: ") else { return nil }
        return line[marker.upperBound...].contains(id) ? index + 1 : nil
    }
}

/// Every template rule's own examples: exactly the marked lines are reported.
@Test(arguments: TemplateRules.all.map(\.id))
func reportsExactlyTheMarkedLines(id: String) throws {
    let rule = try #require(TemplateRules.all.first { $0.id == id })
    #expect(rule.examples.contains { !markedLines($0, id: id).isEmpty }, "\(id) needs a triggering example")
    #expect(rule.examples.contains { markedLines($0, id: id).isEmpty }, "\(id) needs a non-triggering example")
    for example in rule.examples {
        let found = TemplateScanner.scan(bytes: Array(example.utf8), displayPath: "templates/x.html").findings.filter { $0.ruleID == id }
        #expect(found.map(\.location.startLine) == markedLines(example, id: id), "\(id) on:\n\(example)")
        for finding in found {
            #expect(Calibration.allows(severity: finding.severity, confidence: finding.confidence), "\(id): \(finding.severity) at \(finding.confidence) confidence")
        }
    }
}

@Test(arguments: TemplateRules.all.map(\.descriptor))
func descriptorsAreComplete(rule: RuleDescriptor) {
    for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
        #expect(rule.documentation.contains(heading), "\(rule.id) lacks \(heading)")
    }
    #expect(rule.id.hasPrefix("TL-TPL-"))
    #expect(Calibration.allows(severity: rule.severity, confidence: rule.confidence), "\(rule.id) breaks the calibration policy")
    #expect(rule.cwe.number > 0)
}

@Test func findingNamesTheValueAndColumn() throws {
    let text = "<h1>Hi</h1>\n<p>é {{ user.bio|safe }}</p>\n"
    let finding = try #require(TemplateScanner.scan(bytes: Array(text.utf8), displayPath: "t.html").findings.first)
    #expect(finding.location.startLine == 2)
    #expect(finding.location.startColumn == 6)
    #expect(finding.description.contains("`user.bio`"))
    #expect(finding.fixSnippet == "{{ user.bio }}")
    #expect(finding.cwe == CWE(79))
}

@Test func commentsAreCollectedForSuppressions() {
    let text = "{{ a|safe }}{# taintline: ignore[TL-TPL-SAFE-FILTER] reviewed #}\n"
    let result = TemplateScanner.scan(bytes: Array(text.utf8), displayPath: "t.html")
    #expect(result.comments.count == 1)
    #expect(result.comments.first?.line == 1)
    #expect(result.comments.first?.text == "# taintline: ignore[TL-TPL-SAFE-FILTER] reviewed")
}

@Test func brokenAndBinaryInputEndsCleanly() {
    // Unclosed constructs, invalid UTF-8 and stray delimiters: no crash, nothing invented.
    for text: [UInt8] in [Array("{{ a|safe".utf8), Array("{% autoescape false".utf8), [0xFF, 0xFE, 0x7B, 0x7B, 0x20, 0x7D, 0x7D], Array("}} %} #}".utf8), []] {
        #expect(TemplateScanner.scan(bytes: text, displayPath: "t.html").findings.isEmpty)
    }
    let quoted = "{{ \"}}\"|safe }} {{ x|replace(\"|\", \"/\")|safe }}"
    let findings = TemplateScanner.scan(bytes: Array(quoted.utf8), displayPath: "t.html").findings
    #expect(findings.count == 1)
}

@Test func templateFilesByName() {
    #expect(TemplateScanner.isTemplate(path: "app/templates/base.html"))
    #expect(TemplateScanner.isTemplate(path: "mail/welcome.j2"))
    #expect(TemplateScanner.isTemplate(path: "x.JINJA2"))
    #expect(!TemplateScanner.isTemplate(path: "app.py"))
    #expect(!TemplateScanner.isTemplate(path: "notes.txt"))
}

/// Templates that produce text (mail bodies, SMS and push texts, configuration files) have no
/// HTML to escape: `|safe`, `autoescape off` and attribute quoting do not apply there.
@Test(arguments: ["mail/welcome.txt.j2", "sms/code.text.jinja2", "deploy/nginx.conf.j2", "chart/values.yaml.jinja", "push/title.j2"])
func textTemplatesAreNotChecked(path: String) {
    let text = "Hi {{ user.name|safe }},\n{% autoescape false %}{{ body }}{% endautoescape %}\nkey={{ key }}\n"
    #expect(TemplateScanner.scan(bytes: Array(text.utf8), displayPath: path).findings.isEmpty, "\(path)")
}

@Test func htmlTemplatesByNameOrContent() {
    let text = "{{ user.bio|safe }}\n"
    for path in ["templates/profile.html", "templates/card.html.j2", "templates/page.xml.jinja"] {
        #expect(TemplateScanner.scan(bytes: Array(text.utf8), displayPath: path).findings.count == 1, "\(path)")
    }
    // A bare `.j2` with markup, or extending an HTML template, is HTML.
    #expect(TemplateScanner.scan(bytes: Array("<p>{{ bio|safe }}</p>".utf8), displayPath: "x.j2").findings.count == 1)
    #expect(TemplateScanner.scan(bytes: Array("{% extends \"base.html\" %}{% block c %}{{ bio|safe }}{% endblock %}".utf8), displayPath: "x.jinja").findings.count == 1)
}

/// What a call renders and the deployment's configuration are Low; another value is Medium.
@Test func safeFilterSeverityFollowsWhereTheValueComesFrom() {
    let text = "<div>{{ widget()|safe }}</div>\n<div>{{ settings.BANNER_HTML|safe }}</div>\n<div>{{ config.FOOTER|safe }}</div>\n<div>{{ user.bio|safe }}</div>\n"
    let findings = TemplateScanner.scan(bytes: Array(text.utf8), displayPath: "t.html").findings
    #expect(findings.map(\.severity) == [.low, .low, .low, .medium])
}

/// `|safe` on a macro parameter is judged against every call of the macro in the scanned
/// templates: quiet when each passes a literal (or a translated literal, or leaves a literal
/// default), reported when one passes a value, and reported when the macro is never called.
@Test func macroParametersAreJudgedByTheirCalls() {
    let library = """
    {% macro button(url='', content='', icon='<i></i>') %}<a href="{{ url }}">{{ content|safe }}{{ icon|safe }}</a>{% endmacro %}
    {% macro unused(body) %}{{ body|safe }}{% endmacro %}
    """
    func scan(_ pages: [String]) -> [Int] {
        let lib = TemplateScanner.scan(bytes: Array(library.utf8), displayPath: "templates/lib.html")
        let scanned = pages.enumerated().map { TemplateScanner.scan(bytes: Array($1.utf8), displayPath: "templates/p\($0).html") }
        let findings = TemplateMacros.filter(lib.findings + scanned.flatMap(\.findings), calls: lib.macroCalls + scanned.flatMap(\.macroCalls))
        #expect(findings.allSatisfy { !$0.properties.keys.contains { $0.hasPrefix("templateMacro") } })
        return findings.filter { $0.ruleID == "TL-TPL-SAFE-FILTER" }.map { $0.location.startLine * 1000 + $0.location.startColumn }.sorted()
    }
    let literal = "{{ lib.button(url=u, content='<span class=\"fa\"></span>') }}\n{{ lib.button(url=u,\n  content=_gettext('Create')) }}"
    // As line * 1000 + column: `content` is at 1075, `icon` at 1093, the unused macro's `body` at 2025.
    #expect(scan([literal]) == [2025])
    #expect(scan([literal, "{{ lib.button(url=u, content=name) }}"]) == [1075, 2025])
    #expect(scan([literal, "{{ lib.button(u, name, icon=svg) }}"]) == [1075, 1093, 2025])
}
