import Dataflow
import PythonSemantics
import PythonSyntax

/// Framework settings as the code writes them, for the configuration rules: a Flask/Quart
/// `app.config["NAME"] = value`, `app.config.update(NAME=value)` / `update({...})` /
/// `from_mapping(...)`, `app.secret_key = value`, and upper-case assignments at module or class
/// level in a settings module (Django's `settings.py`, a Flask `config.py` or `class
/// ProductionConfig:`).
struct WebSetting {
    /// The setting's name, upper case (`SECRET_KEY`, `SESSION_COOKIE_SECURE`).
    let name: String
    /// The expression that gives its value.
    let value: ExprID
    /// True when written as a plain assignment in a module or class body (`DEBUG = True`),
    /// which counts only in a settings module.
    let isBareAssignment: Bool
}

enum WebSettings {
    /// App attributes Flask maps to a config key.
    static let appAttributes: [String: String] = [
        "secret_key": "SECRET_KEY", "debug": "DEBUG", "testing": "TESTING",
        "session_cookie_name": "SESSION_COOKIE_NAME", "permanent_session_lifetime": "PERMANENT_SESSION_LIFETIME",
    ]
    static let appClasses: Set<String> = ["flask.Flask", "flask.app.Flask", "quart.Quart", "quart.app.Quart"]

    /// The settings a statement or call writes.
    static func settings(in node: Node, _ context: RuleContext) -> [WebSetting] {
        let tree = context.tree
        switch node {
        case .statement(let stmt):
            let targets: [ExprID]
            let value: ExprID
            switch tree[stmt].kind {
            case .assign(let t, let v, _): targets = t; value = v
            case .annAssign(let t, _, let v?, _): targets = [t]; value = v
            default: return []
            }
            var out: [WebSetting] = []
            for target in targets {
                switch tree[target].kind {
                case .name(let id, _):
                    guard isSettingName(id), isModuleOrClassLevel(stmt, context) else { continue }
                    out.append(WebSetting(name: id, value: value, isBareAssignment: true))
                case .subscript(let base, let slice, _):
                    guard isConfigObject(base, context), let key = context.string(slice) else { continue }
                    out.append(WebSetting(name: key.uppercased(), value: value, isBareAssignment: false))
                case .attribute(let base, let attr, _):
                    guard let key = appAttributes[attr], isApp(base, context) else { continue }
                    out.append(WebSetting(name: key, value: value, isBareAssignment: false))
                default:
                    continue
                }
            }
            return out
        case .expression(let id):
            guard let call = context.call(id), case .attribute(let receiver, let method, _) = tree[call.function].kind,
                  ["update", "from_mapping", "setdefault"].contains(method), isConfigObject(receiver, context) else { return [] }
            if method == "setdefault" {
                guard let key = call.argument(0).flatMap({ context.string($0) }), let value = call.argument(1) else { return [] }
                return [WebSetting(name: key.uppercased(), value: value, isBareAssignment: false)]
            }
            var out: [WebSetting] = []
            for keyword in call.keywords {
                if let name = keyword.arg { out.append(WebSetting(name: name.uppercased(), value: keyword.value, isBareAssignment: false)) }
            }
            if let mapping = call.args.first, case .dict(let keys, let values) = tree[mapping].kind {
                for (index, key) in keys.enumerated() where index < values.count {
                    if let key, let name = context.string(key) { out.append(WebSetting(name: name.uppercased(), value: values[index], isBareAssignment: false)) }
                }
            }
            return out
        case .module:
            return []
        }
    }

    /// `DEBUG`, `SECRET_KEY`, `SESSION_COOKIE_SECURE`: upper case with letters.
    static func isSettingName(_ name: String) -> Bool {
        // Byte test, no allocation: this runs for every assignment of every file.
        var hasLetter = false
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): hasLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): continue
            default: return false
            }
        }
        return hasLetter && name.utf8.first != UInt8(ascii: "_")
    }

    static func isModuleOrClassLevel(_ stmt: StmtID, _ context: RuleContext) -> Bool {
        guard let scope = context.model.scope(of: stmt) else { return false }
        switch context.model[scope].kind {
        case .module, .class: return true
        default: return false
        }
    }

    /// `app.config` (or `current_app.config`, `self.app.config`, `config` of a Flask app).
    static func isConfigObject(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .attribute(let base, "config", _) = context.tree[expr].kind else { return false }
        return isApp(base, context)
    }

    /// A Flask/Quart app: built by the constructor, `current_app`, or a name `app`/`application`
    /// when the module imports the framework.
    static func isApp(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if let name = context.model.constructorName(of: expr), appClasses.contains(name) { return true }
        if let name = context.qualifiedName(expr), name == "flask.current_app" || name == "quart.current_app" { return true }
        let text: String?
        switch context.tree[expr].kind {
        case .name(let id, _): text = id
        case .attribute(_, let attr, _): text = attr
        default: text = nil
        }
        guard let text, ["app", "application", "flask_app", "_app"].contains(text) else { return false }
        return Taint.importsModule(["flask", "quart"], context)
    }

    /// A module whose bare upper-case assignments are framework settings: Django settings
    /// (defines `INSTALLED_APPS`, `MIDDLEWARE` or `ROOT_URLCONF`, or is named `settings.py` /
    /// `settings/<x>.py`), or a Flask configuration module (`config.py`, `settings.py`,
    /// `*_config.py`, or a module with a `class ...Config` that a Flask app loads).
    static func isSettingsModule(_ context: RuleContext) -> Bool {
        let path = context.path.replacingOccurrences(of: "\\", with: "/").lowercased()
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let folder = path.split(separator: "/").dropLast().last.map(String.init) ?? ""
        if file == "settings.py" || folder == "settings" || file.hasSuffix("_settings.py") || file == "config.py"
            || file.hasSuffix("_config.py") || file == "configs.py" || folder == "config" { return true }
        return definesDjangoSettings(context)
    }

    /// Settings only Django reads (Flask configurations have none of them).
    static let djangoOnlySettings = ["INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "MIDDLEWARE_CLASSES", "DATABASES", "ALLOWED_HOSTS",
                                     "PASSWORD_HASHERS", "AUTH_PASSWORD_VALIDATORS", "AUTH_USER_MODEL"]

    static func definesDjangoSettings(_ context: RuleContext) -> Bool {
        guard !isDefaultsOrStub(context) else { return false }
        // Module-level symbols, looked up by name: this runs for every setting-like assignment.
        if djangoOnlySettings.contains(where: { !context.model.bindings(named: $0, in: .module).isEmpty }) { return true }
        // `from myproject.settings import *` then overrides: a settings module layered on another.
        return context.tree.body.contains { stmt in
            guard case .importFrom(let module?, let names, _) = context.tree[stmt].kind, names.contains(where: { $0.name == "*" }) else { return false }
            return module.split(separator: ".").contains { $0.contains("settings") }
        }
    }

    /// A settings file meant for development or tests (`settings/dev.py`, `local_settings.py`,
    /// `test_settings.py`), where debug switches are expected.
    static func isDevelopmentSettings(_ context: RuleContext) -> Bool {
        if context.isTestFile { return true }
        let path = context.path.lowercased()
        let file = (path.split(separator: "/").last.map(String.init) ?? path).replacingOccurrences(of: ".py", with: "")
        let words = file.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." }).map(String.init)
        return words.contains { ["dev", "develop", "development", "local", "test", "tests", "testing", "ci", "debug"].contains($0) }
    }

    /// Is this setting counted here? Bare assignments only in a settings module.
    static func counts(_ setting: WebSetting, _ context: RuleContext) -> Bool {
        !setting.isBareAssignment || (isSettingsModule(context) && !isDefaultsOrStub(context))
    }

    /// Django's own `global_settings.py` (the defaults a project overrides) and type stubs.
    static func isDefaultsOrStub(_ context: RuleContext) -> Bool {
        let path = context.path.lowercased()
        return path.hasSuffix(".pyi") || path.hasSuffix("global_settings.py") || path.hasSuffix("default_settings.py")
    }

    /// The literal string a value holds, also as the default of `os.environ.get("X", "...")`
    /// / `os.getenv("X", "...")` (then `isFallback`).
    static func literal(_ value: ExprID, _ context: RuleContext) -> (text: String, isFallback: Bool)? {
        if case .joinedStr = context.tree[value].kind { return nil }
        if let text = context.string(value) { return (text, false) }
        if let call = context.call(value), let name = call.name,
           ["os.environ.get", "os.getenv", "os.environ.setdefault"].contains(name),
           let fallback = call.argument(1, "default"), let text = context.string(fallback) {
            return (text, true)
        }
        return nil
    }
}
