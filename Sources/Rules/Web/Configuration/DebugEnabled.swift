import Dataflow
import Findings
import PythonSyntax

/// Debug mode switched on in framework settings (TL-B201 covers `app.run(debug=True)`).
enum DebugEnabled {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-DEBUG-ENABLED", name: "debug-enabled-in-settings", summary: "Debug mode turned on in settings",
        severity: .high, confidence: .high, owasp: .a05, cwe: 489,
        what: "Finds debug mode set in configuration: Django `DEBUG = True` in a settings module, Flask/Quart `app.config[\"DEBUG\"] = True`, `app.debug = True`, `app.config.update(DEBUG=True)`, and `DEBUG = True` in a Flask configuration module or class. Development and test settings files (`settings/dev.py`, `local_settings.py`, `test_settings.py`, a `DevelopmentConfig` class) are skipped, and so is a value read from the environment. `app.run(debug=True)` is TL-B201's.",
        why: "Django's debug pages show settings, SQL queries and stack traces with local variables to any visitor; Flask's debug mode serves the Werkzeug debugger, whose console runs Python code on the server. Debug builds also keep every query in memory.",
        example: "DEBUG = True",
        useInstead: "DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\"  # off unless asked for",
        references: ["https://docs.djangoproject.com/en/stable/ref/settings/#debug",
                     "https://flask.palletsprojects.com/en/stable/debugging/", "https://cwe.mitre.org/data/definitions/489.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .call], examples: [
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        DEBUG = True  # error: TL-WEB-DEBUG-ENABLED
        """, path: "shop/settings.py"),
        RuleExample("""
        from flask import Flask
        app = Flask(__name__)
        app.debug = True  # error: TL-WEB-DEBUG-ENABLED
        app.config.update(DEBUG=True, TESTING=False)  # error: TL-WEB-DEBUG-ENABLED

        class ProductionConfig:
            DEBUG = True
        """),
        RuleExample("""
        class ProductionConfig:
            DEBUG = True  # error: TL-WEB-DEBUG-ENABLED

        class DevelopmentConfig:
            DEBUG = True
        """, path: "shop/config.py"),
        RuleExample("""
        import os
        ROOT_URLCONF = "shop.urls"
        DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
        TEMPLATE_DEBUG = False
        """, path: "shop/settings.py"),
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        DEBUG = True
        """, path: "shop/settings/local.py"),
    ], autofix: Autofix(.unsafe, safety: "debug mode is then on only where the environment sets `DJANGO_DEBUG=1` (Django settings) or `FLASK_DEBUG=1` (Flask configuration), so a developer who relied on the setting sets that variable. `import os` is added when the module has none.", examples: [
        FixExample("""
        ROOT_URLCONF = "shop.urls"
        DEBUG = True
        """, """
        import os
        ROOT_URLCONF = "shop.urls"
        DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
        """, path: "shop/settings.py"),
        FixExample("""
        DEBUG = True
        import os
        SECRET_KEY = os.environ["SECRET_KEY"]
        """, """
        DEBUG = True
        import os
        SECRET_KEY = os.environ["SECRET_KEY"]
        """, path: "shop/settings.py"),
        FixExample("""
        from flask import Flask
        app = Flask(__name__)
        app.debug = True
        app.config.update(DEBUG=True, TESTING=False)
        """, """
        from flask import Flask
        import os
        app = Flask(__name__)
        app.debug = os.environ.get("FLASK_DEBUG") == "1"
        app.config.update(DEBUG=os.environ.get("FLASK_DEBUG") == "1", TESTING=False)
        """),
    ]), check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for setting in WebSettings.settings(in: node, context) where setting.name == "DEBUG" && WebSettings.counts(setting, context) {
            guard case .constant(.bool(true), _) = context.tree[setting.value].kind else { continue }
            if setting.isBareAssignment {
                if WebSettings.isDevelopmentSettings(context) || isInDevelopmentClass(node, context) { continue }
            } else if context.isTestFile {
                continue
            }
            let django = WebSettings.definesDjangoSettings(context)
            findings.append(context.finding(descriptor, at: setting.value,
                                            description: django
                                                ? "`DEBUG = True` in Django settings: error pages show settings, SQL and stack traces with local variables to every visitor."
                                                : "Flask debug mode is turned on in configuration: when the app is served this way, the Werkzeug debugger's console runs any Python code a visitor types.",
                                            remediation: "Turn debug on only from the environment of a developer's machine, never in settings that are deployed.",
                                            fix: django ? "DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\"" : "app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\"",
                                            autofix: FlaskDebugMode.debugFromEnvironment(setting.value, variable: django ? "DJANGO_DEBUG" : "FLASK_DEBUG", context)))
        }
        return findings
    }

    /// `class DevelopmentConfig:` / `class TestingConfig:` bodies.
    static func isInDevelopmentClass(_ node: Node, _ context: RuleContext) -> Bool {
        guard case .statement(let stmt) = node, let scope = context.model.scope(of: stmt), context.model[scope].kind == .class,
              let name = context.model.localQualifiedName(scope)?.split(separator: ".").last?.lowercased() else { return false }
        return ["dev", "debug", "test", "local"].contains { name.contains($0) }
    }
}
