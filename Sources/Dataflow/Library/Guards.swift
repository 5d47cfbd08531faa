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
    /// path rule asks; see `PathTraversal.isContained`).
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
