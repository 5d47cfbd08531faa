import Findings

/// A template check: its descriptor (for `rules`, `explain`, SARIF), the advice its findings
/// carry, and its own bad and good examples (a line that must be reported carries
/// `{# error: ID #}`), which the generic test in `TemplatesTests` runs.
public struct TemplateRule: Sendable {
    public let descriptor: RuleDescriptor
    let remediation: String
    public let examples: [String]

    init(id: String, name: String, summary: String, severity: Severity, confidence: Confidence, cwe: Int,
         what: String, why: String, example: String, useInstead: String, remediation: String, references: [String], examples: [String]) {
        let refs = references + ["https://cwe.mitre.org/data/definitions/\(cwe).html"]
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        \(why)

        ## Example
        ```jinja
        \(example)
        ```

        ## Use instead
        ```jinja
        \(useInstead)
        ```

        ## References
        \(refs.map { "- <\($0)>" }.joined(separator: "\n"))
        """
        descriptor = RuleDescriptor(id: id, name: name, summary: summary, severity: severity, confidence: confidence, owasp: .a03,
                                    cwe: CWE(cwe), analysis: .code, documentation: documentation, references: refs)
        self.remediation = remediation
        self.examples = examples
    }

    public var id: String { descriptor.id }
}

private let owaspXSS = "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html"
private let jinjaEscaping = "https://jinja.palletsprojects.com/en/stable/templates/#html-escaping"
private let djangoEscaping = "https://docs.djangoproject.com/en/stable/ref/templates/language/#automatic-html-escaping"

/// The catalog of template checks (Jinja2 and Django templates).
public enum TemplateRules {
    static let safeFilter = TemplateRule(
        id: "TL-TPL-SAFE-FILTER", name: "template-safe-filter", summary: "Template value marked safe with |safe",
        severity: .medium, confidence: .medium, cwe: 79,
        what: "Finds `{{ value|safe }}` (and `|safeseq`, `{% filter safe %}`) in Jinja2 and Django templates where the value is not a string literal, not a name the template itself sets to constant text (`{% cycle '' '</tr><tr>' as trtr %}`, `{% with sep=\"<br>\" %}`, `{% set x = \"a\" if c else \"b\" %}`), and has not been escaped, serialised or cleaned by an earlier filter (`escape`, `tojson`, `urlencode`, `int`, a filter named for cleaning such as `clean_html` or `bleach`), nor is a translation of a literal whose placeholders are literals, `url_for(...)` or escaped values, nor a `url_for(...)` URL. What a call in the template renders (`field(**kwargs)|safe`, a widget macro) is reported at Low: the application's own code builds and escapes it; so is the deployment's configuration (`settings.X`, Flask's `config.X`), written by its developers and administrators. A macro parameter (`{% macro button(content='') %}{{ content|safe }}`) is not reported when every call of the macro in the scanned templates passes a literal for it (or a translated literal, or leaves a literal default). Templates that produce no HTML are not checked: a name ending in a text format before the template ending (`welcome.txt.j2`, `nginx.conf.jinja2`, `values.yaml.j2`), or a bare `.j2`/`.jinja` template with no markup that extends no HTML template (`.txt` templates are not scanned at all). There `|safe` changes nothing, and removing it would not escape anything.",
        why: "`safe` turns off the automatic HTML escaping for that value: if any part of it comes from a user (a search term, a profile field, a comment), its markup and scripts run in every visitor's browser (stored or reflected XSS).",
        example: "<p>Results for {{ query|safe }}</p>",
        useInstead: "<p>Results for {{ query }}</p>",
        remediation: "Drop `|safe` and let autoescaping do its job; for HTML that must be rendered (Markdown output, rich text) sanitise it on the server with an allow-list sanitiser such as `nh3` or `bleach` before marking it safe.",
        references: [owaspXSS, jinjaEscaping, djangoEscaping],
        examples: [
            """
            <p>Results for {{ query|safe }}</p>{# error: TL-TPL-SAFE-FILTER #}
            <div>{{- post.body | safe -}}</div>{# error: TL-TPL-SAFE-FILTER #}
            <ul>{{ tags|safeseq|join(", ") }}</ul>{# error: TL-TPL-SAFE-FILTER #}
            {% filter safe %}{{ bio }}{% endfilter %}{# error: TL-TPL-SAFE-FILTER #}
            {{ user.name|title|safe }}{# error: TL-TPL-SAFE-FILTER #}
            """,
            """
            <p>Results for {{ query }}</p>
            {{ "<br>"|safe }}
            {{ data|tojson|safe }}
            {{ comment|escape|safe }}
            {{ count|int|safe }}
            {# {{ old|safe }} was here #}
            {% raw %}{{ example|safe }}{% endraw %}
            <script>const label = "{{ label|e }}";</script>
            """,
            // Values the template writes itself: a cycle of literals, `with` and `set` of
            // constants, either branch of a conditional of literals. A context value of the
            // same name outside the block is still reported.
            """
            <table><tr>
            {% for item in items %}{% cycle '' '</tr><tr>' as trtr silent %}{{ trtr|safe }}<td>{{ item }}</td>{% endfor %}
            </tr></table>
            {% with sep="<br>" cls='active' %}{{ sep|safe }}{{ cls|safe }}{% endwith %}
            {% set arrow = "&rarr;" if rtl else "&larr;" %}{{ arrow|safe }}
            {% set icon %}<i class="icon"></i>{% endset %}{{ icon|safe }}
            {{ loop.cycle("<b>", "<i>")|safe }}
            {% with sep="<br>" %}{% endwith %}{{ sep|safe }}{# error: TL-TPL-SAFE-FILTER #}
            {% with bio=user.bio %}{{ bio|safe }}{% endwith %}{# error: TL-TPL-SAFE-FILTER #}
            {% for trtr in rows %}{{ trtr|safe }}{% endfor %}{# error: TL-TPL-SAFE-FILTER #}
            """,
            // Translations of literals filled with URLs or escaped values, URLs, cleaning
            // filters; what a call renders is Low; a translation filled with a raw value is not safe.
            """
            <p>{{ _('Wait <i>n</i> seconds.')|safe }}</p>
            <p>{{ _('Configure it in <a href="%(url)s">Settings</a>.', url=url_for('settings')) | safe }}</p>
            <p>{{ _('Model: <code>%(m)s</code>', m=model|e)|safe }}</p>
            <a href="{{ url_for('view.action', key=view.key)|safe }}">go</a>
            <div>{{ book.comments|clean_html|safe }}</div>
            <div>{{ field(**kwargs)|safe }}</div>{# error: TL-TPL-SAFE-FILTER #}
            <p>{{ _('Hello %(name)s', name=user.name)|safe }}</p>{# error: TL-TPL-SAFE-FILTER #}
            <div>{{ settings.BANNER_HTML|safe }}</div>{# error: TL-TPL-SAFE-FILTER #}
            <div>{{ config["FOOTER_HTML"]|safe }}</div>{# error: TL-TPL-SAFE-FILTER #}
            """,
        ])

    static let autoescapeOff = TemplateRule(
        id: "TL-TPL-AUTOESCAPE-OFF", name: "template-autoescape-off", summary: "Autoescaping turned off in a template block",
        severity: .medium, confidence: .medium, cwe: 79,
        what: "Finds `{% autoescape false %}` (Jinja2) and `{% autoescape off %}` (Django) blocks.",
        why: "Inside the block every `{{ value }}` is written raw: one user-controlled value is enough for cross-site scripting, and later edits add values nobody reviews for it.",
        example: "{% autoescape false %}{{ comment }}{% endautoescape %}",
        useInstead: "{{ comment }}",
        remediation: "Remove the `autoescape` block; mark only known-safe, server-built HTML as safe (sanitised with an allow-list sanitiser).",
        references: [owaspXSS, jinjaEscaping, "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#autoescape"],
        examples: [
            """
            {% autoescape false %}{# error: TL-TPL-AUTOESCAPE-OFF #}
            {{ comment }}
            {% endautoescape %}
            {% autoescape off %}{{ bio }}{% endautoescape %}{# error: TL-TPL-AUTOESCAPE-OFF #}
            """,
            """
            {% autoescape true %}{{ comment }}{% endautoescape %}
            {% autoescape on %}{{ bio }}{% endautoescape %}
            {# {% autoescape false %} #}
            """,
        ])

    static let unquotedAttribute = TemplateRule(
        id: "TL-TPL-UNQUOTED-ATTR", name: "template-unquoted-attribute", summary: "Template value in an unquoted HTML attribute",
        severity: .medium, confidence: .medium, cwe: 83,
        what: "Finds `{{ value }}` written as an HTML attribute value without quotes, such as `<div class={{ cls }}>`, unless the value is a literal or a number.",
        why: "Autoescaping encodes `<`, `>`, `&` and quotes but not spaces: without quotes around it, a value like `x onmouseover=alert(document.cookie)` adds its own attributes and event handlers (XSS).",
        example: "<input value={{ name }}>",
        useInstead: "<input value=\"{{ name }}\">",
        remediation: "Put the attribute value in double quotes: `attr=\"{{ value }}\"`.",
        references: [owaspXSS, "https://semgrep.dev/r?q=template-unquoted-attribute-var"],
        examples: [
            """
            <input type=text value={{ name }}>{# error: TL-TPL-UNQUOTED-ATTR #}
            <div class=card id={{ item.id|e }}>{# error: TL-TPL-UNQUOTED-ATTR #}
            """,
            """
            <input type="text" value="{{ name }}">
            <div class='{{ cls }}' data-n={{ count|int }} data-k={{ "fixed" }}>
            <p>a < b = {{ total }}</p>
            """,
        ])

    /// Every template check.
    public static let all: [TemplateRule] = [autoescapeOff, safeFilter, unquotedAttribute]
    public static var descriptors: [RuleDescriptor] { all.map(\.descriptor) }
}
