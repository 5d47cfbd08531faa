import Findings
import PythonSyntax

/// B308/B703: Django `mark_safe` of a value that is not a constant.
enum MarkSafe {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B308", name: "django-mark-safe", summary: "mark_safe on a value built at run time",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 79, bandit: "B308", ruff: "S308", otherAliases: ["B703"],
        what: "Finds `django.utils.safestring.mark_safe` and `SafeString(...)` calls (however imported) whose argument is not a constant string. Also answers to bandit's B703.",
        why: "`mark_safe` turns off Django's HTML escaping for that value; user input in it is rendered as HTML and script (cross-site scripting).",
        example: "return mark_safe(f\"<b>{comment}</b>\")",
        useInstead: "from django.utils.html import format_html\nreturn format_html(\"<b>{}</b>\", comment)",
        references: [RuleDoc.bandit("plugins/b703_django_mark_safe.html"), "https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from django.utils.safestring import mark_safe
        from django.utils import safestring
        def render(comment):
            a = mark_safe(f"<b>{comment}</b>")  # error: TL-B308
            return safestring.mark_safe(comment)  # error: TL-B308
        """),
        RuleExample("""
        from django.utils.safestring import mark_safe
        from django.utils.html import format_html
        ICON = "<i class='icon'></i>"
        def render(comment):
            a = mark_safe("<br>")
            b = mark_safe(ICON)
            return format_html("<b>{}</b>", comment)
        """),
    ], check: { check($0, $1) })

    static let callees: Set<String> = ["django.utils.safestring.mark_safe", "django.utils.safestring.SafeString",
                                       "django.utils.safestring.SafeText", "django.utils.safestring.SafeUnicode",
                                       "django.utils.safestring.SafeBytes", "django.utils.html.mark_safe"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, callees.contains(name), let value = call.argument(0, "s"),
              !context.model.stringShape(of: value).isConstant else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` marks `\(context.text(value))`, built at run time, as safe HTML: any markup in it reaches the page unescaped.",
                                remediation: "Build the HTML with `django.utils.html.format_html`, which escapes every argument, and call `mark_safe` only on constants.",
                                fix: "format_html(\"...{}...\", \(context.text(value)))")]
    }
}
