import Dataflow
import Findings
import PythonSyntax

/// B110/B112: exceptions swallowed by `except: pass` / `except: continue`.
enum TryExceptPass {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B110", name: "try-except-pass", summary: "broad exception silently swallowed (except: pass/continue)",
        severity: .low, confidence: .high, owasp: .a09, cwe: 703, bandit: "B110", ruff: "S110", otherAliases: ["B112", "S112"],
        what: "Finds `except:`, `except Exception:` and `except BaseException:` handlers whose whole body is `pass`, `...` or `continue`. Handlers for specific exceptions (`except KeyError: pass`) are deliberate and not reported, as in bandit's default.",
        why: "Every error, including failed security checks, database errors and attacks in progress, disappears without a trace; the program continues in an unknown state.",
        example: "try:\n    verify(token)\nexcept Exception:\n    pass",
        useInstead: "try:\n    verify(token)\nexcept InvalidToken:\n    log.warning(\"invalid token from %s\", ip)\n    raise",
        references: [RuleDoc.bandit("plugins/b110_try_except_pass.html"), RuleDoc.bandit("plugins/b112_try_except_continue.html")])

    static let rule = Rule(descriptor, on: [.try], examples: [
        RuleExample("""
        def check(items):
            try:
                verify()
            except Exception:  # error: TL-B110
                pass
            for item in items:
                try:
                    load(item)
                except:  # error: TL-B110
                    continue
                try:
                    load(item)
                except (Exception,):  # error: TL-B110
                    continue
                try:
                    load(item)
                except (ValueError, BaseException):  # error: TL-B110
                    pass
        """),
        RuleExample("""
        import contextlib
        try:
            import ujson as json
        except ImportError:
            pass
        try:
            d = {}["k"]
        except KeyError:
            pass
        try:
            d = {}["k"]
        except (KeyError, ValueError):
            pass
        try:
            verify()
        except Exception:
            log.exception("verify failed")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard case .statement(let stmt) = node else { return [] }
        let handlers: [ExceptHandler]
        switch context.tree[stmt].kind {
        case .try(_, let h, _, _), .tryStar(_, let h, _, _): handlers = h
        default: return []
        }
        var findings: [Finding] = []
        for handler in handlers {
            var broad = handler.type == nil
            if let type = handler.type {
                // `except (Exception, ValueError):` is as broad as `except Exception:`.
                var types = [type]
                if case .tuple(let elts, _) = context.tree[type].kind { types = elts }
                broad = types.contains { context.qualifiedName($0).map { $0 == "builtins.Exception" || $0 == "builtins.BaseException" } ?? false }
            }
            guard broad, handler.body.count == 1 else { continue }
            let body = context.tree[handler.body[0]].kind
            var what: String?
            switch body {
            case .pass: what = "pass"
            case .continue: what = "continue"
            case .expr(let value):
                if case .constant(.ellipsis, _) = context.tree[value].kind { what = "..." }
            default: break
            }
            guard let what else { continue }
            let caught = handler.type.map { "`except \(context.text($0))`" } ?? "A bare `except`"
            findings.append(context.finding(descriptor, range: handler.range, enclosing: context.model.enclosingName(of: stmt),
                                            description: "\(caught) handler does nothing but `\(what)`: every error in the `try` block is silently discarded.",
                                            remediation: "Catch the specific exceptions you expect, and log or re-raise the rest."))
        }
        return findings
    }
}
