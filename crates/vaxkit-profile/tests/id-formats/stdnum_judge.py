"""Candidate ID numbers for the differential test of vaxkit's ID schemes, judged by python-stdnum.

For each format: numbers stdnum accepts (random payloads completed with each check value in turn until
stdnum accepts one), mutations of them (a char changed, two swapped, one dropped or added) and
random strings of the format's shape. Prints one JSON object a line:
{"scheme": ..., "number": ..., "kind": "valid" | "mutated" | "random", "stdnum": true | false}.

stdnum is judged as of 31 December 2099: a profile's ID check knows no date, so stdnum's
"not born yet" rule (Denmark, Norway) is left out, and the formats whose century stdnum reads
from today's date (Sweden, South Africa) then read it as a profile author would.

Usage: python3 stdnum_judge.py SEED COUNT
"""

import datetime as _datetime
import importlib
import itertools
import json
import random
import sys
import types

DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

MY_BIRTHPLACES = [f"{i:02d}" for i in range(100)]
RO_COUNTIES = [f"{i:02d}" for i in range(100)]
MX_STATES = (
    "AS BC BS CC CH CL CM CS DF DG GR GT HG JC MC MN MS NE NL NT OC PL QR QT SL SP SR TC TL TS "
    "VZ YN ZS XX NN AA"
).split()
MX_NAMES = "BACA CACA COLA PEDO LOCO MULA RATA VACA".split() + [
    "".join(random.Random(i).choice(LETTERS) for _ in range(4)) for i in range(60)
]

# scheme id: (stdnum module, templates, check chars). A template is a list of tokens: "d" a
# digit, "L" a capital letter, "C" a check char, "[...]" one char of the set, "{a|b}" one of
# the strings.
FORMATS = {
    "fi-hetu": ("stdnum.fi.hetu", ["[0-3]d[01]ddd[-+ABCDEFUVWXY]dddC"], "0123456789ABCDEFHJKLMNPRSTUVWXY"),
    "no-fodselsnummer": ("stdnum.no.fodselsnummer", ["[0-7]d[0145]ddddddCC"], DIGITS),
    "se-personnummer": ("stdnum.se.personnummer", ["dd[01]d[0-3]d[-+]dddC"], DIGITS),
    "dk-cpr": ("stdnum.dk.cpr", ["[0-3]d[01]ddddddd"], DIGITS),
    "pl-pesel": ("stdnum.pl.pesel", ["dddd[0-3]dddddC"], DIGITS),
    "ee-isikukood": ("stdnum.ee.ik", ["ddd[01]d[0-3]ddddC"], DIGITS),
    "lt-asmens-kodas": ("stdnum.lt.asmens", ["ddd[01]d[0-3]ddddC"], DIGITS),
    "es-dni": ("stdnum.es.dni", ["ddddddddC"], "TRWAGMYFPDXBNJZSQVHLCKEIOU"),
    "pt-nif": ("stdnum.pt.nif", ["ddddddddC"], DIGITS),
    "nl-bsn": ("stdnum.nl.bsn", ["ddddddddC", "{00000000}C"], DIGITS),
    "tr-tckimlik": ("stdnum.tr.tckimlik", ["dddddddddCC"], DIGITS),
    "il-idnr": ("stdnum.il.idnr", ["ddddddddC", "{00000000}C"], DIGITS),
    "kr-rrn": ("stdnum.kr.rrn", ["dd[01]d[0-3]dd[0-9]ddddC"], DIGITS),
    "cl-rut": ("stdnum.cl.rut", ["ddddddddC", "dddddddC"], "0123456789K"),
    "br-cpf": ("stdnum.br.cpf", ["dddddddddCC", "{000000000}CC", "{111111111}CC"], DIGITS),
    "mx-curp": ("stdnum.mx.curp", [
        "{" + "|".join(MX_NAMES) + "}dd[01]d[0-3]d[HMX]{" + "|".join(MX_STATES) + "}LLL[0-9A-Z]C",
    ], DIGITS),
    "za-idnr": ("stdnum.za.idnr", ["dd[01]d[0-3]ddddd[012]dC"], DIGITS),
    "my-nric": ("stdnum.my.nric", ["dd[01]d[0-3]d{" + "|".join(MY_BIRTHPLACES) + "}dddd"], DIGITS),
    "pk-cnic": ("stdnum.pk.cnic", ["ddddddddddddd"], DIGITS),
    "is-kennitala": ("stdnum.is_.kennitala", ["[0-7]d[01]dddddC[0189]"], DIGITS),
    "bg-egn": ("stdnum.bg.egn", ["dd[0-5]d[0-3]ddddC"], DIGITS),
    "ch-ahv": ("stdnum.ch.ssn", ["{756|756|756|756|757|123}dddddddddC"], DIGITS),
    "hr-oib": ("stdnum.hr.oib", ["ddddddddddC"], DIGITS),
    "th-pin": ("stdnum.th.pin", ["ddddddddddddC"], DIGITS),
    "ro-cnp": ("stdnum.ro.cnp", ["ddd[01]d[0-3]d{" + "|".join(RO_COUNTIES) + "}dddC"], DIGITS),
    "gr-amka": ("stdnum.gr.amka", ["[0-3]d[01]dddddddC"], DIGITS),
    "ec-ci": ("stdnum.ec.ci", ["[0-5]ddddddddC"], DIGITS),
}


class _Date(_datetime.date):
    @classmethod
    def today(cls):
        return _datetime.date(2099, 12, 31)


_DATETIME = types.SimpleNamespace(
    date=_Date, datetime=_datetime.datetime, timedelta=_datetime.timedelta
)


def expand(chars):
    """Expands a character set such as `0-3AB` into its characters."""
    out, i = [], 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(chars[i]), ord(chars[i + 2]) + 1))
            i += 3
        else:
            out.append(chars[i])
            i += 1
    return out


def tokens(template, check):
    """A template as a list of (kind, choices)."""
    out, i = [], 0
    while i < len(template):
        c = template[i]
        if c == "[":
            end = template.index("]", i)
            out.append(("set", expand(template[i + 1:end])))
            i = end + 1
        elif c == "{":
            end = template.index("}", i)
            out.append(("set", template[i + 1:end].split("|")))
            i = end + 1
        elif c == "C":
            out.append(("check", list(check)))
            i += 1
        else:
            out.append(("set", list(DIGITS if c == "d" else LETTERS)))
            i += 1
    return out


def fill(rng, toks, checks_too):
    return [rng.choice(choices) if (kind == "set" or checks_too) else None for kind, choices in toks]


def completions(parts, toks):
    slots = [i for i, (kind, _) in enumerate(toks) if kind == "check"]
    for values in itertools.product(*(toks[i][1] for i in slots)):
        filled = list(parts)
        for i, v in zip(slots, values):
            filled[i] = v
        yield "".join(filled)


def mutate(rng, number, alphabet):
    chars = list(number)
    how = rng.random()
    if how < 0.6 and chars:
        i = rng.randrange(len(chars))
        chars[i] = rng.choice([c for c in alphabet if c != chars[i]] or alphabet)
    elif how < 0.8 and len(chars) > 1:
        i = rng.randrange(len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif how < 0.9 and chars:
        del chars[rng.randrange(len(chars))]
    else:
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(DIGITS))
    return "".join(chars)


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    out = sys.stdout
    for scheme, (module_name, templates, check) in FORMATS.items():
        module = importlib.import_module(module_name)
        if hasattr(module, "datetime"):
            module.datetime = _DATETIME
        rng = random.Random(f"{seed}:{scheme}")
        parsed = [tokens(t, check) for t in templates]
        alphabet = sorted(set(DIGITS) | set(check) | {
            c for toks in parsed for kind, choices in toks if kind == "set" for c in choices if len(c) == 1
        })

        def emit(number, kind):
            out.write(json.dumps({
                "scheme": scheme, "number": number, "kind": kind,
                "stdnum": bool(module.is_valid(number)),
            }) + "\n")

        valid = []
        for _ in range(count * 40):
            if len(valid) >= count:
                break
            toks = rng.choice(parsed)
            parts = fill(rng, toks, False)
            # Every format here has at most one completion, so the first one found is it.
            found = next((n for n in completions(parts, toks) if module.is_valid(n)), None)
            if found:
                valid.append(found)
        for n in valid:
            emit(n, "valid")
        for _ in range(count):
            if valid:
                emit(mutate(rng, rng.choice(valid), alphabet), "mutated")
        for _ in range(count):
            emit("".join(fill(rng, rng.choice(parsed), True)), "random")


if __name__ == "__main__":
    main()
