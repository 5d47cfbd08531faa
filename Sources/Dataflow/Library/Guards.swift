import PythonSemantics
import PythonSyntax

/// Checks that restrict a value to a shape no injection survives: after
/// `if not name.isalnum(): abort(400)` the name is letters and digits, whatever sink it
/// reaches. Data, so a validator of another library is one row here and one example.
public enum Guards {
    /// String methods whose truth means the value has a safe shape (`x.isdigit()`).
    public static let shapeMethods: Set<String> = ["isalnum", "isdigit", "isdecimal", "isnumeric", "isidentifier", "isalpha"]
    /// Functions whose truth means the argument matched a whole pattern (`re.fullmatch(P, x)`).
    public static let patternFunctions: Set<String> = ["re.fullmatch"]
    /// Methods of a compiled pattern that match the whole value (`PATTERN.fullmatch(x)`).
    public static let patternMethods: Set<String> = ["fullmatch"]
    /// Functions that match a pattern at the start (`true`) or anywhere (`false`): a whole-value
    /// match when the pattern is anchored (`re.match(r"^[a-z]+$", x)`).
    public static let prefixMatchFunctions: [String: Bool] = ["re.match": true, "re.search": false]
    public static let prefixMatchMethods: [String: Bool] = ["match": true, "search": false]
    /// Words in the name of a function whose truth means its arguments passed a check
    /// (`is_valid_url(u)`, `allowed_file(name)`, `is_safe_path(p)`).
    public static let booleanCheckWords: [String] = ["valid", "allowed", "safe", "permitted", "whitelisted", "allowlisted"]
    /// Calls whose names contain a checking word but that run something (`subprocess.check_call`).
    public static let notChecks: Set<String> = ["check_call", "check_output", "check_returncode", "checkout"]
    /// Does a constant tested for membership in a path name a parent-folder step (`".."`,
    /// `"../"`, `"..\\"`)? Past `if "../" in name: return` the name climbs out of nothing.
    public static func namesParentFolder(_ text: String) -> Bool {
        text == ".." || text == "../" || text == "..\\" || text == "/.." || text == "/../"
    }

    /// Functions that check a URL: a redirect target or an outbound request's address tested
    /// with one of them is restricted. (`urlparse`/`urlsplit` only take it apart: what their
    /// host test means depends on its direction, which `URLGuards.hostTestPolarity` reads.)
    public static let urlCheckFunctions: Set<String> = ["url_has_allowed_host_and_scheme", "is_safe_url", "is_local_url", "is_relative_url",
                                                        "is_same_origin", "same_origin"]

    /// Is a call of this name a check of a URL (`is_safe_url`, `url_has_allowed_host_and_scheme`,
    /// `allowed_redirect(...)`, `is_valid_next(...)`, `url_is_safe`, `is_local_url`)? One list
    /// for the rules and the engine (`URLGuards`).
    public static func isURLCheck(_ name: String) -> Bool {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        // The words anywhere in the dotted name: `validators.url(x)` is python-validators' URL check.
        let lower = name.lowercased()
        return urlCheckFunctions.contains(last) || lower.contains("safe") || lower.contains("allowed") || lower.contains("valid")
    }

    /// Does a pattern match only whole values: anchored at the end (`$`, `\Z`), and at the start
    /// (`^`, `\A`) unless the function anchors it there, with no alternation at its top level
    /// (`^a|b$` is two patterns, each anchored at one end)? (`$` lets a trailing newline
    /// through; no sink runs it as a second command, so it counts.)
    public static func matchesWholeValue(_ pattern: String, anchoredStart: Bool) -> Bool {
        let text = Array(pattern)
        guard !text.isEmpty else { return false }
        let endsAnchored: Bool = {
            if pattern.hasSuffix("\\Z") || pattern.hasSuffix("\\z") { return true }
            guard text.last == "$" else { return false }
            // `\$` is a literal dollar sign: count the backslashes before it.
            var slashes = 0
            var index = text.count - 2
            while index >= 0, text[index] == "\\" { slashes += 1; index -= 1 }
            return slashes % 2 == 0
        }()
        let startsAnchored = anchoredStart || pattern.hasPrefix("^") || pattern.hasPrefix("\\A")
        guard endsAnchored, startsAnchored else { return false }
        // Alternation outside any group or class.
        var depth = 0
        var inClass = false
        var escaped = false
        for character in text {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "[": inClass = true
            case "]": inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth -= 1
            case "|" where !inClass && depth == 0: return false
            default: break
            }
        }
        return true
    }
    /// Functions giving a path's last component: `basename(x) == x` means `x` has no folder.
    public static let fileNameFunctions: Set<String> = ["os.path.basename", "posixpath.basename", "ntpath.basename"]
    /// Types whose `isinstance` check means the value is not text an attacker shapes.
    public static let safeTypes: Set<String> = ["builtins.int", "builtins.float", "builtins.bool", "uuid.UUID", "datetime.date",
                                                "datetime.datetime", "decimal.Decimal"]
    /// Words in the name of a function called as a statement, its result unused, that make it a
    /// check which raises when the value fails (`check_access_permission(base, path)`,
    /// `validate_name(name)`): the arguments are checked from the next statement on.
    public static let checkingWords: [String] = ["check", "valid", "verify", "ensure", "assert", "allowed", "permission", "sanitiz"]
    /// Calls that end the request when a check fails (`abort(400)`), like `return` or `raise`.
    public static let exits: Set<String> = ["flask.abort", "werkzeug.exceptions.abort", "quart.abort", "sys.exit", "builtins.exit",
                                            "fastapi.HTTPException", "django.http.Http404"]
}

extension Guards {
    /// `x` when `call` is `os.path.basename(x)` (or `Path(x).name`) and `other` is `x`: a
    /// check that `x` is one file name with no folder in it (a guard for paths only, so the
    /// path rule asks; see `PathGuards.isContained`).
    public static func basenameIdentity(_ call: ExprID, _ other: ExprID, _ model: SemanticModel) -> String? {
        let tree = model.tree
        guard case .name(let id, _) = tree[other].kind else { return nil }
        switch tree[call].kind {
        case .call(let function, let args, _):
            guard args.count == 1, case .name(id, _) = tree[args[0]].kind,
                  let name = model.qualifiedName(of: function), Guards.fileNameFunctions.contains(name) else { return nil }
            return id
        case .attribute(let base, "name", _):
            guard case .call(let function, let args, _) = tree[base].kind, args.count == 1, case .name(id, _) = tree[args[0]].kind,
                  let name = model.qualifiedName(of: function), name.hasPrefix("pathlib.") else { return nil }
            return id
        default:
            return nil
        }
    }

}
