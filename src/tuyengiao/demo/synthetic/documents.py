"""The document registry: central resolutions and directives, and the plans, reports,
guidance and letters every committee and board issues to carry them out.

Numbers follow DOMAIN.md §2: Party documents ``241-KH/TU`` (the top committee's numbered
within its term, the others within the year), State documents of the people's committee
``147/KH-UBND`` and its letters ``838/UBND-VHTT``. Numbers are given in date order, one
counter per issuer, type (Party) and numbering period, as the registry's uniqueness key has
it: each district committee counts its own ``QU`` numbers (so 12-KH/QU exists once per
district), while the people's committee, not a unit of the tree, is keyed by its code
``UBND``. Plans of the boards
cite a central document in their text and carry a confirmed "implements" relation to it.
Rows go in with ``bulk_create`` and into the search index with the backend's ``add_bulk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from wagtail.search.backends import get_search_backend

from tuyengiao.core.text import collation_key, fold
from tuyengiao.demo.synthetic.base import FIRST_DAY, LAST_DAY, REFORM, Context
from tuyengiao.demo.synthetic.orgs import Node, Tree
from tuyengiao.documents.models import Document, DocumentRelation, Topic
from tuyengiao.documents.numbering import loose_symbol, numbering_period, parse_number
from tuyengiao.reporting.periods import ROMAN

BATCH = 1000


@dataclass(frozen=True)
class Central:
    """A central document the committees implement (real numbers, summaries abridged)."""

    symbol: str
    issue_date: date
    kind: str  # Nghị quyết, Chỉ thị, Kết luận
    issuer: str
    summary: str

    @property
    def citation(self) -> str:
        return f"{self.kind} số {self.symbol} ngày {self.issue_date:%d/%m/%Y} của {self.issuer}"

    @property
    def short(self) -> str:
        return f"{self.kind} số {self.symbol} của {self.issuer}"


CENTRAL = (
    Central(
        "18-NQ/TW",
        date(2017, 10, 25),
        "Nghị quyết",
        "Ban Chấp hành Trung ương",
        "Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII một số vấn đề về "
        "tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động "
        "hiệu lực, hiệu quả",
    ),
    Central(
        "01-KL/TW",
        date(2021, 5, 18),
        "Kết luận",
        "Bộ Chính trị",
        "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    Central(
        "35-CT/TW",
        date(2024, 6, 14),
        "Chỉ thị",
        "Bộ Chính trị",
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV "
        "của Đảng",
    ),
    Central(
        "57-NQ/TW",
        date(2024, 12, 22),
        "Nghị quyết",
        "Bộ Chính trị",
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi "
        "số quốc gia",
    ),
    Central(
        "66-NQ/TW",
        date(2025, 4, 30),
        "Nghị quyết",
        "Bộ Chính trị",
        "Nghị quyết về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát "
        "triển đất nước trong kỷ nguyên mới",
    ),
    Central(
        "68-NQ/TW",
        date(2025, 5, 4),
        "Nghị quyết",
        "Bộ Chính trị",
        "Nghị quyết về phát triển kinh tế tư nhân",
    ),
)

ANNIVERSARIES = (
    "kỷ niệm {n} năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/{y})",
    "kỷ niệm {b} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/{y})",
    "kỷ niệm {c} năm Cách mạng Tháng Tám thành công và Quốc khánh 2/9",
    "kỷ niệm {d} năm Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/{y})",
    "kỷ niệm {e} năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 - 30/4/{y})",
)
TOPICS = (
    "Công tác tuyên truyền",
    "Giáo dục lý luận chính trị",
    "Học tập, quán triệt nghị quyết",
    "Báo cáo viên, tuyên truyền miệng",
    "Dư luận xã hội",
    "Văn hóa, văn nghệ",
    "Khoa giáo",
    "Dân vận",
    "Sắp xếp tổ chức bộ máy",
    "Đại hội Đảng bộ các cấp",
)
# Type codes by how often each occurs in a board's registry.
PARTY_TYPES = ("KH",) * 5 + ("BC",) * 3 + ("HD",) * 2 + ("CV",) * 3 + ("TB", "CT", "NQ")
STATE_TYPES = ("KH", "KH", "QĐ", "BC", "")  # "" : an official letter (838/UBND-VHTT)


def _term(day: date) -> str:
    return "XVII" if day < date(2025, 10, 15) else "XVIII"


def _anniversary(rng, year: int) -> str:
    template = rng.choice(ANNIVERSARIES)
    return template.format(
        n=year - 1930, b=year - 1890, c=year - 1945, d=year - 1954, e=year - 1975, y=year
    )


def summary_for(rng, type_code: str, day: date, central: Central) -> str:
    """A plausible summary (trích yếu) of a document of ``type_code`` issued on ``day``."""
    year, number = day.year, (day.month - 1) // 3
    quarter = ROMAN[number]
    so_far = ("quý I", "6 tháng", "9 tháng", "năm")[number]
    topic = rng.choice(TOPICS).lower()
    choices = {
        "KH": (
            f"Kế hoạch tổ chức các hoạt động {_anniversary(rng, year)}",
            f"Kế hoạch học tập, quán triệt, tuyên truyền và triển khai thực hiện {central.short}",
            f"Kế hoạch thực hiện {central.short}",
            f"Kế hoạch tổ chức Hội nghị báo cáo viên quý {quarter} năm {year}",
            f"Kế hoạch công tác tuyên giáo năm {year + (day.month >= 11)}",
        ),
        "BC": (
            f"Báo cáo kết quả công tác tuyên giáo {so_far} năm {year}",
            f"Báo cáo tình hình tư tưởng của cán bộ, đảng viên và Nhân dân quý {quarter} "
            f"năm {year}",
            f"Báo cáo sơ kết việc thực hiện {central.short}",
        ),
        "HD": (
            f"Hướng dẫn tuyên truyền {_anniversary(rng, year)}",
            f"Hướng dẫn sinh hoạt chi bộ theo chuyên đề năm {year}",
            f"Hướng dẫn tổ chức học tập, quán triệt {central.short}",
        ),
        "CV": (
            f"V/v tăng cường {topic} trong dịp {_anniversary(rng, year)}",
            f"V/v báo cáo kết quả {topic} quý {quarter} năm {year}",
            "V/v định hướng thông tin, tuyên truyền về sắp xếp tổ chức bộ máy",
        ),
        "TB": (f"Thông báo kết luận của Thường trực về {topic} quý {quarter} năm {year}",),
        "CT": (f"Chỉ thị về tăng cường {topic} trong tình hình mới",),
        "NQ": (f"Nghị quyết chuyên đề về nâng cao chất lượng {topic} giai đoạn 2025 - 2030",),
        "QĐ": (f"Quyết định ban hành Quy chế phối hợp trong {topic}",),
        "": (f"V/v tổ chức các hoạt động {_anniversary(rng, year)}",),
    }
    return rng.choice(choices[type_code])


@dataclass
class _Spec:
    node: Node | None  # None: the people's committee (not in the tree)
    owner: Node
    family: str
    type_code: str
    day: date
    central: Central
    symbol: str = ""
    term: str = ""


def generate_documents(ctx: Context, tree: Tree, authors: dict[str, list[int]]) -> dict:
    """The registry; returns the documents by kind for the stages after (plans, activities)."""
    rng = ctx.rng("documents")
    topics = [Topic.objects.get_or_create(name=n, defaults={"sort_key": collation_key(n)})[0]
              for n in TOPICS]  # fmt: skip
    total_days = (LAST_DAY - FIRST_DAY).days
    # Who issues: the boards most, committees and wards less; the top unit's people's
    # committee a little (State documents, registered by the top board).
    specs: list[_Spec] = []
    before = [n for n in tree.before if n.level != "root"]
    after = [n for n in tree.after if n.level != "root"]
    weights = {"board": 8, "province": 4, "district": 3, "ward": 1, "commune": 2}
    # Cumulative weights: a draw is then a bisection, not a pass over every unit.
    pools = {
        False: (before, list(accumulate(weights[n.level] for n in before))),
        True: (after, list(accumulate(weights[n.level] for n in after))),
    }
    for _ in range(ctx.scale.documents):
        day = FIRST_DAY + timedelta(days=rng.randrange(total_days + 1))
        central = rng.choice([c for c in CENTRAL if c.issue_date <= day] or CENTRAL[:2])
        board = tree.board_before if day < REFORM else tree.board_after
        if rng.random() < 0.08:
            specs.append(_Spec(None, board, "state", rng.choice(STATE_TYPES), day, central))
            continue
        nodes, node_weights = pools[day >= REFORM]
        node = rng.choices(nodes, cum_weights=node_weights)[0]
        specs.append(_Spec(node, node, "party", rng.choice(PARTY_TYPES), day, central))
    specs.sort(key=lambda spec: spec.day)
    # (family, issuing unit's code or "" outside the tree, issuer code, type, period) -> last
    # number given: the registry's uniqueness key.
    counters: dict[tuple[str, str, str, str, str], int] = {}
    for spec in specs:
        if spec.node is None:
            unit, issuer = "", "UBND"
            period = str(spec.day.year)
        else:
            unit, issuer = spec.node.code, spec.node.abbreviation
            # The top level numbers within its term, the levels below within the year.
            spec.term = _term(spec.day) if spec.node.parent is tree.root else ""
            period = f"khóa {spec.term}" if spec.term else str(spec.day.year)
        key = (spec.family, unit, issuer, spec.type_code if spec.family == "party" else "", period)
        counters[key] = counters.get(key, 0) + 1
        number = counters[key]
        if spec.family == "party":
            spec.symbol = f"{number:02d}-{spec.type_code}/{issuer}"
        elif spec.type_code:
            spec.symbol = f"{number}/{spec.type_code}-UBND"
        else:
            spec.symbol = f"{number}/UBND-{rng.choice(('VHTT', 'NC', 'KGVX'))}"
    ubnd = f"Ủy ban nhân dân {'thành phố Hà Nội' if not ctx.scale.provinces else 'tỉnh'}"
    backend = get_search_backend()
    documents: list[Document] = []
    central_docs: dict[str, Document] = {}
    relations: list[tuple[int, str, str]] = []
    with ctx.bar("Văn bản", len(specs) + len(CENTRAL)) as bar:
        batch = []
        for central in CENTRAL:
            batch.append(_document(central.symbol, central.issue_date, central.summary,
                                   central.issuer, None, tree.root, "XIII" if central.issue_date
                                   < date(2026, 1, 1) else "", "", public=True))  # fmt: skip
        for document in Document.objects.bulk_create(batch):
            central_docs[document.symbol] = document
        backend.add_bulk(Document, list(central_docs.values()))
        bar.update(len(CENTRAL))
        batch = []
        for index, spec in enumerate(specs):
            summary = summary_for(rng, spec.type_code, spec.day, spec.central)
            issuer_name = spec.node.name if spec.node else ubnd
            cites = spec.type_code in ("KH", "HD") or "thực hiện" in summary
            body = _body(spec, summary, issuer_name, cites)
            owner_users = authors.get(spec.owner.code, [None])
            document = _document(
                spec.symbol,
                spec.day,
                summary,
                issuer_name,
                spec.node,
                spec.owner,
                spec.term,
                body,
                public=rng.random() < 0.2,
                registered_by=owner_users[0],
            )
            batch.append(document)
            if cites:
                relations.append((index, spec.central.symbol, spec.central.citation))
            if len(batch) == BATCH:
                documents += _flush(batch, backend, bar)
                batch = []
        documents += _flush(batch, backend, bar)
    through = Document.topics.through
    through.objects.bulk_create(
        [
            through(document_id=document.pk, topic_id=topics[rng.randrange(len(topics))].pk)
            for document in documents
        ],
        batch_size=5000,
    )
    DocumentRelation.objects.bulk_create(
        [
            DocumentRelation(
                source=documents[index],
                target=central_docs[symbol],
                kind=DocumentRelation.Kind.IMPLEMENTS,
                state=DocumentRelation.State.CONFIRMED,
                evidence=f"Thực hiện {citation}"[:500],
            )
            for index, symbol, citation in relations
        ],
        batch_size=5000,
    )
    ctx.count("Văn bản", len(documents) + len(central_docs))
    ctx.count("Liên kết văn bản", len(relations))
    return {
        "documents": documents,
        "specs": specs,
        "central": central_docs,
    }


def _flush(batch: list[Document], backend, bar) -> list[Document]:
    if not batch:
        return []
    created = Document.objects.bulk_create(batch)
    backend.add_bulk(Document, created)
    bar.update(len(batch))
    return created


def _body(spec: _Spec, summary: str, issuer_name: str, cites: bool) -> str:
    place = "Hà Nội"
    header = (
        f"{issuer_name.upper()}\nSố {spec.symbol}\n{place}, ngày {spec.day.day} tháng "
        f"{spec.day.month} năm {spec.day.year}\n{summary.upper()}\n"
    )
    lines = []
    if cites:
        lines.append(
            f"Thực hiện {spec.central.citation}, {issuer_name} ban hành văn bản này với các nội "
            "dung sau:"
        )
    lines.append(
        "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền, Mặt "
        "trận Tổ quốc và các đoàn thể; tạo sự thống nhất trong tư tưởng và hành động."
    )
    lines.append(
        "II. NỘI DUNG\nTổ chức quán triệt đến cán bộ, đảng viên; đẩy mạnh tuyên truyền trên "
        "hệ thống loa truyền thanh, trang thông tin điện tử và mạng xã hội."
    )
    return header + "\n".join(lines)


def _document(
    symbol: str,
    day: date,
    summary: str,
    issuer_name: str,
    issuer: Node | None,
    owner: Node,
    term: str,
    body: str,
    *,
    public: bool,
    registered_by: int | None = None,
) -> Document:
    number = parse_number(symbol)
    assert number is not None, symbol
    return Document(
        family=number.family,
        symbol=symbol,
        number=number.number,
        number_value=int(number.number),
        type_code=number.type_code or "",
        issuer_code=number.issuer_code,
        unit_code=number.unit_code or "",
        symbol_year=number.year,
        issuer=issuer.unit if issuer else None,
        issuer_name=issuer_name,
        issue_date=day,
        term=term,
        numbering_period=numbering_period(number, term, day),
        summary=summary,
        status=Document.Status.IN_FORCE,
        visibility=Document.Visibility.PUBLIC if public else Document.Visibility.INTERNAL,
        owner=owner.unit,
        body=body,
        search_text=fold(" ".join([symbol, summary, issuer_name, body])),
        symbol_loose=loose_symbol(number),
        registered_by_id=registered_by,
    )
