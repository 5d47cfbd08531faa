import Dataflow
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
              !TypeCheckingBlock.contains(stmt, context) else { return [] }
        return [context.finding(descriptor, at: stmt, description: "`assert \(context.text(test))` is removed when Python runs with `-O`; the check then never happens.",
                                remediation: "Raise an exception explicitly: `if not (\(context.text(test))): raise ...`.")]
    }
}
