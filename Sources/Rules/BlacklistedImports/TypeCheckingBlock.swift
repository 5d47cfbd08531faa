import Dataflow
import PythonSyntax

/// `if TYPE_CHECKING:` blocks (not a rule itself): their code is read by type checkers and
/// never runs, so asserts and imports in them are not reported.
enum TypeCheckingBlock {
    /// Is the statement in the body of an `if TYPE_CHECKING:` block (code that never runs)?
    static func contains(_ stmt: StmtID, _ context: RuleContext) -> Bool {
        let target = context.tree[stmt].range
        var level = context.tree.body
        // Descend through the compound statements that contain the statement.
        while let outer = level.first(where: { let r = context.tree[$0].range; return r.start <= target.start && target.end <= r.end && $0 != stmt }) {
            switch context.tree[outer].kind {
            case .if(let test, let body, let orelse):
                if context.qualifiedName(test) == "typing.TYPE_CHECKING", body.contains(where: { encloses($0, target, context) }) { return true }
                level = body + orelse
            case .functionDef(let def), .asyncFunctionDef(let def): level = def.body
            case .classDef(let def): level = def.body
            case .for(_, _, let body, let orelse, _), .asyncFor(_, _, let body, let orelse, _), .while(_, let body, let orelse): level = body + orelse
            case .with(_, let body, _), .asyncWith(_, let body, _): level = body
            case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
                level = body + handlers.flatMap(\.body) + orelse + finalbody
            case .match(_, let cases): level = cases.flatMap(\.body)
            default: return false
            }
        }
        return false
    }

    private static func encloses(_ stmt: StmtID, _ range: SourceRange, _ context: RuleContext) -> Bool {
        let r = context.tree[stmt].range
        return r.start <= range.start && range.end <= r.end
    }
}
