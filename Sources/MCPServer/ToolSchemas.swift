import Reporting

/// The tools' input and output schemas (JSON Schema 2020-12). The scan's output schema is the
/// JSON report's shape (Docs/reporting.md); the tests check every result against these.
enum ToolSchemas {
    static let scanInput = schema(#"""
    {
      "type": "object",
      "properties": {
        "code": {"type": "string", "description": "Source to scan as a one-file project (Python by default; a Dockerfile, requirements.txt or template with a matching filename). Nothing is written to the project."},
        "filename": {"type": "string", "default": "snippet.py", "description": "The snippet's file name, relative (app.py, app/views.py, Dockerfile); it decides how the snippet is read. Only with code."},
        "path": {"type": "string", "default": ".", "description": "A file or folder to scan, relative to the project root; it must lie inside the root. Not with code."},
        "severity": {"type": "string", "enum": ["info", "low", "medium", "high", "critical"], "description": "Report only findings at or above this severity."},
        "confidence": {"type": "string", "enum": ["low", "medium", "high"], "description": "Report only findings at or above this confidence."},
        "select": {"type": "array", "items": {"type": "string"}, "description": "Only these rules: ids (TL-B602), id prefixes (TL-B6), aliases (B602), CWE-89, OWASP categories (A03) or analyses (secrets)."},
        "ignore": {"type": "array", "items": {"type": "string"}, "description": "Leave out these rules (same forms as select)."}
      },
      "additionalProperties": false
    }
    """#)

    static let scanOutput = schema(#"""
    {
      "type": "object",
      "required": ["version", "tool", "roots", "summary", "findings", "suppressed", "files", "notices", "fixes"],
      "properties": {
        "version": {"const": 1},
        "tool": {
          "type": "object",
          "required": ["name", "version", "informationUri"],
          "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "informationUri": {"type": "string"}}
        },
        "roots": {"type": "array", "items": {"type": "string"}},
        "summary": {
          "type": "object",
          "required": ["findings", "bySeverity", "byRule", "suppressed", "suppressedByMechanism", "filteredOut", "filteredOutByMechanism", "fixable"],
          "properties": {
            "findings": {"type": "integer", "minimum": 0},
            "bySeverity": {"$ref": "#/$defs/counts"},
            "byRule": {"$ref": "#/$defs/counts"},
            "suppressed": {"type": "integer", "minimum": 0},
            "suppressedByMechanism": {"$ref": "#/$defs/counts"},
            "filteredOut": {"type": "integer", "minimum": 0},
            "filteredOutByMechanism": {"$ref": "#/$defs/counts"},
            "fixable": {"$ref": "#/$defs/counts"}
          }
        },
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "suppressed": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["mechanism", "reason", "finding"],
            "properties": {"mechanism": {"type": "string"}, "reason": {"type": ["string", "null"]}, "finding": {"$ref": "#/$defs/finding"}}
          }
        },
        "files": {
          "type": "object",
          "required": ["scanned", "partial", "skipped", "failed"],
          "properties": {
            "scanned": {"type": "integer", "minimum": 0},
            "partial": {"type": "array", "items": {"type": "string"}},
            "skipped": {"type": "array", "items": {"$ref": "#/$defs/fileWithReason"}},
            "failed": {"type": "array", "items": {"$ref": "#/$defs/fileWithReason"}}
          }
        },
        "notices": {"type": "array", "items": {"type": "string"}},
        "fixes": {"type": ["object", "null"]},
        "advisoryDatabase": {
          "type": "object",
          "required": ["origin", "path", "name", "date"],
          "properties": {"origin": {"type": "string"}, "path": {"type": "string"}, "name": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]}}
        }
      },
      "$defs": {
        "counts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "severity": {"enum": ["Critical", "High", "Medium", "Low", "Info"]},
        "fileWithReason": {
          "type": "object",
          "required": ["path", "reason"],
          "properties": {"path": {"type": "string"}, "reason": {"type": "string"}}
        },
        "position": {
          "type": "object",
          "required": ["line", "column", "offset"],
          "properties": {"line": {"type": "integer"}, "column": {"type": "integer"}, "offset": {"type": "integer", "minimum": 0}}
        },
        "finding": {
          "type": "object",
          "required": ["ruleId", "title", "severity", "confidence", "owasp", "cwe", "location", "description", "proofOfConcept",
                       "remediation", "fixSnippet", "fix", "references", "analysis", "fingerprint", "snippet", "properties", "covers", "steps"],
          "properties": {
            "ruleId": {"type": "string"},
            "title": {"type": "string"},
            "severity": {"$ref": "#/$defs/severity"},
            "confidence": {"enum": ["High", "Medium", "Low"]},
            "owasp": {"type": "string", "pattern": "^A[0-9]{2}:2021-"},
            "cwe": {"type": "string", "pattern": "^CWE-[0-9]+$"},
            "location": {
              "type": "object",
              "required": ["file", "startLine", "startColumn", "endLine", "endColumn", "enclosingScope"],
              "properties": {
                "file": {"type": "string"},
                "startLine": {"type": "integer"}, "startColumn": {"type": "integer"},
                "endLine": {"type": "integer"}, "endColumn": {"type": "integer"},
                "enclosingScope": {"type": ["string", "null"]}
              }
            },
            "description": {"type": "string"},
            "proofOfConcept": {"type": ["string", "null"]},
            "remediation": {"type": "string"},
            "fixSnippet": {"type": ["string", "null"]},
            "fix": {
              "oneOf": [
                {"type": "null"},
                {
                  "type": "object",
                  "required": ["message", "applicability", "edits"],
                  "properties": {
                    "message": {"type": "string"},
                    "applicability": {"enum": ["safe", "unsafe"]},
                    "edits": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": ["start", "end", "replacement"],
                        "properties": {"start": {"$ref": "#/$defs/position"}, "end": {"$ref": "#/$defs/position"}, "replacement": {"type": "string"}}
                      }
                    }
                  }
                }
              ]
            },
            "references": {"type": "array", "items": {"type": "string"}},
            "analysis": {"enum": ["code", "secrets", "dependencies", "probe", "project", "deploy"]},
            "fingerprint": {"type": "string"},
            "snippet": {"type": ["string", "null"]},
            "properties": {"type": "object", "additionalProperties": {"type": "string"}},
            "covers": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["ruleId", "title", "severity", "cwe", "fingerprint"],
                "properties": {
                  "ruleId": {"type": "string"}, "title": {"type": "string"}, "severity": {"$ref": "#/$defs/severity"},
                  "cwe": {"type": "string"}, "fingerprint": {"type": "string"}
                }
              }
            },
            "steps": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["file", "line", "column", "message"],
                "properties": {"file": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}, "message": {"type": "string"}}
              }
            }
          }
        }
      }
    }
    """#)

    static let explainInput = schema(#"""
    {
      "type": "object",
      "properties": {
        "id": {"type": "string", "description": "A rule id (TL-B602, DEP-VULN, ...) or a bandit/ruff alias (B602, S602), case-insensitive."}
      },
      "required": ["id"],
      "additionalProperties": false
    }
    """#)

    /// A rule as `rules` lists it; `explain` adds `documentation` and `references`.
    static let ruleProperties = #"""
    "id": {"type": "string"},
    "name": {"type": "string"},
    "summary": {"type": "string"},
    "severity": {"enum": ["Critical", "High", "Medium", "Low", "Info"]},
    "confidence": {"enum": ["High", "Medium", "Low"]},
    "cwe": {"type": "string", "pattern": "^CWE-[0-9]+$"},
    "owasp": {"type": "string", "pattern": "^A[0-9]{2}:2021-"},
    "analysis": {"enum": ["code", "secrets", "dependencies", "probe", "project", "deploy"]},
    "aliases": {"type": "array", "items": {"type": "string"}},
    "enabledByDefault": {"type": "boolean"},
    "fix": {"enum": ["safe", "unsafe", null], "description": "The mechanical fix `taintline scan --fix` applies (unsafe ones need --unsafe-fixes), or null."}
    """#
    static let ruleRequired = #""id", "name", "summary", "severity", "confidence", "cwe", "owasp", "analysis", "aliases", "enabledByDefault", "fix""#

    static let explainOutput = schema(#"""
    {
      "type": "object",
      "required": [\#(ruleRequired), "documentation", "references"],
      "properties": {
        \#(ruleProperties),
        "documentation": {"type": "string", "description": "Markdown: what the rule finds, why it matters, an example and the fix."},
        "references": {"type": "array", "items": {"type": "string"}}
      }
    }
    """#)

    static let rulesInput = schema(#"""
    {
      "type": "object",
      "properties": {
        "filter": {"type": "string", "description": "Keep the rules whose id, name, summary, CWE, OWASP category, alias or analysis contains this text (case-insensitive)."}
      },
      "additionalProperties": false
    }
    """#)

    static let rulesOutput = schema(#"""
    {
      "type": "object",
      "required": ["count", "rules"],
      "properties": {
        "count": {"type": "integer", "minimum": 0},
        "rules": {
          "type": "array",
          "items": {"type": "object", "required": [\#(ruleRequired)], "properties": {\#(ruleProperties)}}
        }
      }
    }
    """#)

    /// The schemas are constants of this file; `MessageLayerTests` parses every one, so a typo
    /// fails a test rather than a server start.
    static func schema(_ text: String) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            preconditionFailure("a tool schema in ToolSchemas.swift is not JSON: \(error)")
        }
    }
}
