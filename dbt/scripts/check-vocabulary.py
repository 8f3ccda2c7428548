#!/usr/bin/env python3
"""Fails when the dbt project's vocabularies drift from the event contract.

dbt cannot import TypeScript, so dbt_project.yml mirrors the closed lists of
packages/contract/src/vocabulary.ts as vars (used by the accepted_values tests), and
seeds/service_sla.csv needs one row per service type. Run with the venv's python (PyYAML):
    .venv/bin/python dbt/scripts/check-vocabulary.py
"""
import csv
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = ROOT / "packages/contract/src/vocabulary.ts"
PROJECT = ROOT / "dbt/dbt_project.yml"
SLA_SEED = ROOT / "dbt/seeds/service_sla.csv"

# TypeScript constant -> dbt var
MIRRORED = {
    "GUEST_TYPES": "guest_types",
    "CHANNELS": "channels",
    "EVENT_TYPES": "event_types",
    "FAQ_SOURCES": "faq_sources",
    "CHAT_ROLES": "chat_roles",
    "CHAT_OUTCOMES": "chat_outcomes",
    "SERVICE_TYPES": "service_types",
    "SERVICE_STATUSES": "service_statuses",
}


def contract_lists() -> dict[str, list[str]]:
    source = VOCABULARY.read_text()
    found = {}
    for name, body in re.findall(r"export const (\w+) = \[([^\]]*)\] as const", source, re.S):
        found[name] = re.findall(r"'([^']*)'", body)
    return found


def main() -> int:
    contract = contract_lists()
    dbt_vars = yaml.safe_load(PROJECT.read_text())["vars"]
    problems = []
    for const, var in MIRRORED.items():
        if const not in contract:
            problems.append(f"{const} not found in {VOCABULARY.relative_to(ROOT)}")
        elif dbt_vars.get(var) != contract[const]:
            problems.append(f"vars.{var} = {dbt_vars.get(var)} but {const} = {contract[const]}")
    with SLA_SEED.open() as f:
        seeded = sorted(row["service_type"] for row in csv.DictReader(f))
    if seeded != sorted(contract.get("SERVICE_TYPES", [])):
        problems.append(f"{SLA_SEED.name} covers {seeded}, SERVICE_TYPES is {contract.get('SERVICE_TYPES')}")
    for p in problems:
        print(f"vocabulary drift: {p}", file=sys.stderr)
    if not problems:
        print(f"dbt vocabularies match the contract ({len(MIRRORED)} lists, service_sla.csv)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
