"""Validates YAML files (and Markdown front matter) against JSON Schemas, independently of
hromada: `validate_schemas.py SCHEMA FILE [FILE …]`. Prints one line per file: `ok FILE` or
`invalid FILE: message`."""
import json
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """Dates stay text, as in YAML 1.2 (VS Code's YAML extension and hromada read them so)."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    if path.endswith(".md"):
        text = text.split("---\n", 2)[1]
    data = yaml.load(text, Loader=Yaml12Loader)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        print(f"invalid {path}: {errors[0].message}")
    else:
        print(f"ok {path}")
