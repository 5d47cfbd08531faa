import Findings
import PythonSyntax

/// B101: `assert` used for run-time checks in application code.
enum AssertUsed {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B101", name: "assert-used", summary: "assert used for a run-time check",
        severity: .low, confidence: .high, owasp: .a04, cwe: 703, bandit: "B101", ruff: "S101",
        what: "Finds `assert` statements outside test code (files named `test_*.py`, `*_test.py`, `conftest.py`, or under `tests/` are skipped) and outside `if TYPE_CHECKING:` blocks, which never run.",
        why: "`python -O` removes every `assert`; a permission or input check written as an assert disappears in optimised deployments.",
        example: "assert user.is_admin, \"forbidden\"",
        useInstead: "if not user.is_admin:\n    raise PermissionError(\"forbidden\")",
        references: [RuleDoc.bandit("plugins/b101_assert_used.html"), "https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement"])

    static let rule = Rule(descriptor, on: [.assert], examples: [
        RuleExample("""
        def delete(user):
            assert user.is_admin  # error: TL-B101
        """),
        RuleExample("""
        def test_delete(user):
            assert user.is_admin
        """, path: "tests/test_views.py"),
        RuleExample("""
        from typing import TYPE_CHECKING
        import typing
        if TYPE_CHECKING:
            assert True
        if typing.TYPE_CHECKING:
            def f(x):
                assert x
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, case .statement(let stmt) = node, case .assert(let test, _) = context.tree[stmt].kind,
              !insideTypeChecking(stmt, context) else { return [] }
        return [context.finding(descriptor, at: stmt, description: "`assert \(context.text(test))` is removed when Python runs with `-O`; the check then never happens.",
                                remediation: "Raise an exception explicitly: `if not (\(context.text(test))): raise ...`.")]
    }

    /// Is the statement in the body of an `if TYPE_CHECKING:` block (code that never runs)?
    static func insideTypeChecking(_ stmt: StmtID, _ context: RuleContext) -> Bool {
        let target = context.tree[stmt].range
        var level = context.tree.body
        // Descend through the compound statements that contain the assert.
        while let outer = level.first(where: { let r = context.tree[$0].range; return r.start <= target.start && target.end <= r.end && $0 != stmt }) {
            switch context.tree[outer].kind {
            case .if(let test, let body, let orelse):
                if context.qualifiedName(test) == "typing.TYPE_CHECKING", body.contains(where: { contains($0, target, context) }) { return true }
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

    private static func contains(_ stmt: StmtID, _ range: SourceRange, _ context: RuleContext) -> Bool {
        let r = context.tree[stmt].range
        return r.start <= range.start && range.end <= r.end
    }
}
