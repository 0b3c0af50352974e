"""Present a rubric to people (rich tree) and to programs (JSON-ready dict)."""

from __future__ import annotations

from typing import Any

from pmprb_cli.models import Node, Rubric, Verdict, as_typed, format_id


def _node_dict(node: Node, rubric: Rubric) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "kind": node.kind,
        "weight": node.weight,
        "status": node.status,
    }
    if node.note:
        out["note"] = node.note
    if node.kind == "indicator":
        out["scale"] = node.scale
        out["conversion"] = node.conversion
    if node.children:
        out["children"] = [_node_dict(c, rubric) for c in node.children]
    if node.items:
        out["items"] = [
            {
                "code": i.code,
                "question": i.question,
                "scale": i.scale,
                "options": list(i.options),
                "evidence": i.evidence,
                "status": i.status,
            }
            for i in node.items
        ]
    return out


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """The whole rubric as JSON-ready data."""
    return {
        "id": rubric.id,
        "title": rubric.title,
        "short_title": rubric.short_title,
        "area_term": rubric.area_term,
        "regulation": rubric.regulation,
        "year": rubric.year,
        "last_year": rubric.last_year,
        "scores_as": list(rubric.scores_as),
        "version": rubric.version,
        "checksum": rubric.checksum,
        "predikat_decimals": rubric.predikat_decimals,
        "percent_decimals": rubric.percent_decimals,
        "unit_grade_by_criteria": rubric.unit_grade_by_criteria,
        "sources": list(rubric.sources),
        "scales": {
            s.id: {"title": s.title, "kind": s.kind, "values": dict(s.values), "min": s.minimum, "max": s.maximum}
            for s in rubric.scales.values()
        },
        "tree": [_node_dict(r, rubric) for r in rubric.roots],
        "dependencies": [
            {
                "item": d.item,
                "kind": d.kind,
                "source": d.source,
                "answers": list(d.answers),
                "enforce": d.enforce,
                "note": d.note,
            }
            for d in rubric.dependencies
        ],
        "target": rubric.target,
        "kabupaten_lke": rubric.kabupaten_lke,
        "verdicts": [
            {
                "code": v.code,
                "label": v.label,
                "minimums": dict(v.minimums),
                "area_share": v.area_share,
                "requires": v.requires,
            }
            for v in rubric.verdicts
        ],
        "predikat": [
            {
                "code": b.code,
                "label": b.label,
                "lower": b.lower,
                "upper": b.upper,
                "lower_inclusive": b.lower_inclusive,
                "upper_inclusive": b.upper_inclusive,
            }
            for b in rubric.predikat
        ],
    }


def rubric_tree(rubric: Rubric) -> Any:
    """A rich Tree of the rubric, weights with two decimals."""
    from rich.text import Text
    from rich.tree import Tree

    tree = Tree(Text(f"{rubric.id} v{rubric.version} — {rubric.title} ({rubric.regulation})"))
    deps_of: dict[str, list[str]] = {}
    gated = {d.item for d in rubric.dependencies if d.enforce == "check"}
    for dep in rubric.dependencies:
        if dep.kind == "scale":
            rule = f"× nilai {dep.source}"
        else:
            rule = f"0 bila {dep.source} = {' atau '.join(dep.answers)}"
        if dep.enforce == "check":  # the previous-year block's gates: said, never scored
            chain = f" atau prasyarat {dep.source} sendiri belum terpenuhi" if dep.source in gated else ""
            rule = f"prasyarat, diperiksa (PMPRB-W405) tanpa mengubah nilai: semestinya {rule}{chain}"
        deps_of.setdefault(dep.item, []).append(rule)

    def add(parent: Any, node: Node) -> None:
        # (the rubric file's keyword in English: "[adapted]" on 48 nodes where the rapor says "diadaptasi")
        mark = "" if node.status == "official" else f" [{_STATUS_SAID.get(node.status, node.status)}]"
        branch = parent.add(Text(f"{node.code} {node.name} — bobot {format_id(node.weight)}{mark}"))
        for child in node.children:
            add(branch, child)
        for item in node.items:
            if item.computed:  # a percentage has no scale of its own: it is computed from its Jumlah rows
                inputs = ", ".join(f.code for f in item.inputs)
                leaf = branch.add(Text(f"{item.code} {item.question} (%, dihitung dari {inputs})"))
            else:
                leaf = branch.add(Text(f"{item.code} {item.question} ({rubric.scales[item.scale].title})"))
            for rule in deps_of.get(item.code, ()):
                leaf.add(Text(rule))
        if node.kind == "indicator":
            conversion = _CONVERSION_SAID.get(node.conversion, node.conversion)
            branch.add(Text(f"masukan {rubric.scales[node.scale].title}, konversi {conversion}"))

    for root in rubric.roots:
        add(tree, root)
    used = dict.fromkeys(i.scale for i in rubric.items() if not i.computed and i.scale in rubric.scales)
    # (and the grades' scale: LKE AKIP's AA 1,00 … E 0,00 was shown nowhere; akiprev)
    used |= dict.fromkeys(n.scale for n in rubric.graded() if n.scale in rubric.scales)
    for scale in (rubric.scales[s] for s in used):
        if scale.kind == "choice":  # what each answer is worth (B on A/B/C/D is 0,67, not 0,5)
            worth = ", ".join(f"{answer} {format_id(value, 2)}" for answer, value in scale.values.items())
            tree.add(Text(f"Skala {scale.title}: {worth}"))
    derived = {n.derive for n in rubric.graded() if n.derive}
    for derive in sorted(derived):
        # How a grade left blank follows from its criteria (BB at 100 %, B above 75 % …), as scoring derives it.
        said = ", ".join(f"{grade} {_share_said(share)}" for share, grade in derive)
        tree.add(Text(f"Nilai huruf sub-komponen bila tidak diisi, dari kriteria yang terpenuhi: {said}"))
    bands = ", ".join(
        f"{b.code} {'≥' if b.lower_inclusive else '>'}{as_typed(b.lower)}–{as_typed(b.upper)}" for b in rubric.predikat
    )  # (60.5 read as sixty thousand and five in Indonesian: 60,5)
    places = rubric.predikat_decimals
    tree.add(Text(f"Predikat: {bands} (dari indeks yang dibulatkan ke {places} desimal, setengah ke atas)"))
    if rubric.target:
        tree.add(Text(f"Target bawaan: {rubric.target}"))
    for verdict in rubric.verdicts:  # the minimums a unit must all meet (Zona Integritas: WBK, WBBM)
        tree.add(Text(f"Syarat {verdict.code} ({verdict.label}): {'; '.join(verdict_rules(verdict))}"))
    return tree


def _share_said(share: float) -> str:
    """A ``derive`` bound as people read it: "bila semua", "> 75%" (a strict bound is kept 1e-9 above), "≥ 50%"."""
    if share >= 1:
        return "bila semua"
    if share <= 0:
        return "selebihnya"
    exact = round(share, 6)
    return f"> {format_id(exact * 100, 0)}%" if share > exact else f"≥ {format_id(exact * 100, 0)}%"


def verdict_rules(verdict: Verdict) -> list[str]:
    """A verdict's minimums as people read them: "indeks ≥ 75,00", "setiap area pengungkit ≥ 60% bobotnya"."""
    names = {"index": "indeks"}
    rules = [f"{names.get(key, key)} ≥ {format_id(minimum)}" for key, minimum in verdict.minimums.items()]
    if verdict.area_share:
        rules.append(f"setiap area pengungkit ≥ {format_id(verdict.area_share * 100, 0)}% bobotnya")
    if verdict.requires:
        rules.append(f"sudah {verdict.requires}")
    return rules


#: How ``rubric show`` says a node's status and an indicator's conversion (the rubric file's English keywords).
_STATUS_SAID = {"adapted": "diadaptasi, bukan dari peraturan"}
_CONVERSION_SAID = {"linear": "linear", "lookup": "menurut tabel", "choice": "menurut pilihan"}
