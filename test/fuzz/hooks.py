"""Schemathesis hooks for test/fuzz.test.ts.

`positive_data_acceptance` fails any schema-valid request that is refused. Some refusals depend on what no schema can
say: the server's state, the clock, the caller's credential, the operator's configuration, or a grammar JSON Schema
does not describe (cron expressions, the IANA zones the runtime knows). This check runs the built-in one except for
those refusals, each matched by its problem `type` (and for `VALIDATION_FAILED` by field,
code and message), so any other refusal of valid input, including every mismatch between the document and the
server's validators, still fails. The built-in check is disabled in schemathesis.toml in favour of this one.
"""

import re

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Problem types whose refusal depends on state, not on the shape of the request.
STATEFUL_TYPES = {
    "USAGE_INSUFFICIENT_CREDITS",  # the workspace's spending against its budget
    "MODEL_PRICE_UNKNOWN",  # the operator's MODEL_PRICES for the model named
    "MODEL_PROVIDER_NOT_CONFIGURED",  # the operator's provider settings
    "CONTEXT_PATH_NOT_FOUND",  # which files the workspace holds
    "SKILL_NOT_PUBLISHED",  # whether the skill has a published version
    "ZIP_INVALID",  # the uploaded archive's bytes
    "ZIP_UNSAFE_ENTRY",
    "ZIP_TOO_MANY_ENTRIES",
    "ZIP_TOO_LARGE",
    "ZIP_COMPRESSION_RATIO_EXCEEDED",
    "WEBHOOK_URL_REFUSED",  # the addresses a host resolves to, and the operator's allow-list
    "CONNECTOR_HOST_REFUSED",  # the same for a connection's database host
    "OAUTH_STATE_INVALID",  # only a state the server handed out (and not yet used) is valid
    "OAUTH_AUTHORIZATION_FAILED",  # what the provider answered
}

# (field, code, message) of field errors that depend on state; each a full match.
STATEFUL_FIELD_ERRORS = [
    # A cursor is opaque: only one the server issued is valid.
    (r"query\.cursor", "invalid_cursor", r".*"),
    # A conversation's items are paged from an item of that conversation.
    (r"query\.(before|after)", "invalid_cursor", r"No such item in this conversation"),
    # Relative to the clock.
    (r"body\.expires_at", "too_small", r"Must be in the future"),
    # Depends on the credential: a key bound to a workspace implies it.
    (r"(body|query)\.workspace_id", "invalid_type", r"Required unless the API key is bound to a workspace"),
    # Grammars: five-field cron, and the time zones of the server's ICU data.
    (r"body\.cron_expression", "invalid_cron", r".*"),
    (r"body\.timezone", "invalid_timezone", r"Unknown IANA time zone: .*"),
    # Exactly one of skill_id and prompt: JSON Schema can say it (oneOf of two `required`), but hono-takibi turns such
    # a oneOf into a schema without the properties, so the document says it in prose and the handler checks it.
    (r"body\.skill_id", "invalid_union", r"Give either skill_id \(skill-run schedule\) or prompt \(prompt schedule\)"),
    # Limits in bytes per name and in levels: the FilePath pattern states the rest, JSON Schema cannot count bytes.
    (r"(body|query)\.(path|destination)", "invalid_path", r"Path names must be at most 255 bytes"),
    (r"(body|query)\.(path|destination)", "invalid_path", r"Path must be at most 32 levels deep"),
    # A webhook secret's grammar: whsec_ and base64 of 24 to 64 bytes (JSON Schema cannot count decoded bytes).
    (r"body\.secret", "invalid_format", r"A secret .*"),
    # Depends on the stored schedule's action, which the PATCH body does not name.
    (r"body\.prompt", "invalid_type", r"Only prompt schedules have a prompt"),
    # The connector catalogue is the server's, and each spec's fields (keys, types, bounds) are checked against it.
    (r"body\.spec_id", "unknown_spec", r"No such connector spec"),
    *(
        (r"body\.credentials(\.[^.]+)?", code, r".*")
        for code in ["unrecognized_keys", "invalid_type", "too_small", "too_big", "invalid_value", "invalid_format"]
    ),
    # Artifact paths: the workspace path rules (no `..` segment, relative, `/` only, no control characters, bytes per
    # name, depth) that the document states in prose, and an entry inside a folder (the artifact's own).
    (r"(body|query|path)\.path", "invalid_path", r"Path (must|names must) .*"),
    # The form's files: their names follow the same rules, and the entry must be one of them.
    (r"body\.file", "invalid_filename", r"Filename .*"),
    (r"body\.file", "duplicate_filename", r"Two files are named .*"),
    (r"body\.file", "entry_missing", r"The entry .* is not among the files"),
    # Scratchpad cells: fields of code cells only (on PATCH, the stored cell's type decides), a timeout within the
    # operator's SANDBOX_COMMAND_TIMEOUT_SECONDS, and an index within the scratchpad's current number of cells.
    (r"body(\.cells\[\d+\])?\.(language|timeout_seconds)", "not_allowed", r"Only code cells have this field"),
    (r"body(\.cells\[\d+\])?\.timeout_seconds", "too_big", r"At most \d+ seconds on this server"),
    (r"body\.index", "too_big", r"Must be between 0 and \d+"),
]



def _is_stateful_refusal(response) -> bool:
    if response.status_code not in (400, 402, 422):
        return False
    try:
        problem = response.json()
    except ValueError:
        return False
    if not isinstance(problem, dict):
        return False
    if problem.get("type") in STATEFUL_TYPES:
        return True
    errors = problem.get("errors") or []
    return (
        problem.get("type") == "VALIDATION_FAILED"
        and len(errors) > 0
        and all(
            any(
                re.fullmatch(field, e.get("field", ""))
                and e.get("code") == code
                and re.fullmatch(message, e.get("message", ""))
                for field, code, message in STATEFUL_FIELD_ERRORS
            )
            for e in errors
        )
    )


@schemathesis.check
def positive_data_acceptance_except_state(ctx, response, case):
    if _is_stateful_refusal(response):
        return None
    # Stateful phase: a link Schemathesis infers from a nullable `*_id` field of an earlier response (a conversation
    # without a project) fills the path with Python's None; no client sends that, and a 400 for it is right.
    if any(value is None or value == "None" for value in (case.path_parameters or {}).values()):
        return None
    return positive_data_acceptance(ctx, response, case)
