"""Validates FHIR resources with the fhir.resources models (FHIR R4B, the nearest release to R4
that the package ships), as an implementation independent of vaxkit.

Reads one JSON object a line from standard input, {"name": ..., "resource": {...}}, and prints
one a line, {"name": ..., "ok": true | false, "error": "..."}.
"""

import json
import sys

from fhir.resources.R4B import get_fhir_model_class


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        resource = item["resource"]
        try:
            model = get_fhir_model_class(resource["resourceType"])
            model.model_validate(resource)
            result = {"name": item["name"], "ok": True}
        except Exception as e:  # every validation failure is reported, not raised
            result = {"name": item["name"], "ok": False, "error": str(e)}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
