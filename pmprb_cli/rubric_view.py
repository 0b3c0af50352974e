"""Present a rubric to people (rich tree) and to programs (JSON-ready dict)."""

from __future__ import annotations

from typing import Any

from pmprb_cli.models import Node, Rubric


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
        "regulation": rubric.regulation,
        "year": rubric.year,
        "last_year": rubric.last_year,
        "scores_as": list(rubric.scores_as),
        "version": rubric.version,
        "checksum": rubric.checksum,
        "predikat_decimals": rubric.predikat_decimals,
        "percent_decimals": rubric.percent_decimals,
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

    def add(parent: Any, node: Node) -> None:
        mark = "" if node.status == "official" else f" [{node.status}]"
        branch = parent.add(Text(f"{node.code} {node.name} — bobot {node.weight:.2f}{mark}"))
        for child in node.children:
            add(branch, child)
        for item in node.items:
            if item.computed:  # a percentage has no scale of its own: it is computed from its Jumlah rows
                inputs = ", ".join(f.code for f in item.inputs)
                branch.add(Text(f"{item.code} {item.question} (%, dihitung dari {inputs})"))
            else:
                branch.add(Text(f"{item.code} {item.question} ({rubric.scales[item.scale].title})"))
        if node.kind == "indicator":
            branch.add(Text(f"masukan {rubric.scales[node.scale].title}, konversi {node.conversion}"))

    for root in rubric.roots:
        add(tree, root)
    bands = ", ".join(f"{b.code} {'≥' if b.lower_inclusive else '>'}{b.lower:g}–{b.upper:g}" for b in rubric.predikat)
    tree.add(Text(f"Predikat: {bands}"))
    return tree
