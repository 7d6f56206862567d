"""``triage-desk paths``: where this install keeps data, settings and logs, and where its resources are."""

from __future__ import annotations

import argparse
import json

from triage_desk.platform.paths import resolve_paths
from triage_desk.platform.resources import forms_dir, resource_layout, resources_dir


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("paths", parents=[common], help="show where data, settings and logs live")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.data_dir)
    info = {
        "database": str(paths.database),
        "backups": str(paths.backups_dir),
        "settings": str(paths.settings_file),
        "logs": str(paths.log_file),
        "site_overrides": str(paths.site_overrides_dir),
        "resources": str(resources_dir()),
        "forms": str(forms_dir()),
        "layout": resource_layout(),
    }
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return 0
