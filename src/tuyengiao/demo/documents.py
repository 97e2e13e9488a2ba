"""Demo documents: the real documents named in the seed articles, with their implementation
chains confirmed.

Numbers, dates, issuers and terms are those the seed articles give (``docs/demo-data.md``
lists the few that the articles do not give and how they were filled in). Summaries and the
short texts are written for the demo in the project's own words; they are not the documents'
text. Everything goes through the registry services as the system (``actor=SYSTEM``): the
derived search fields, the suggested relations and the audit entries are real.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from tuyengiao.core.actors import SYSTEM
from tuyengiao.demo.accounts import DemoDataError
from tuyengiao.documents.models import Document, DocumentRelation
from tuyengiao.documents.services import (
    document_register,
    document_update,
    relation_add,
    relation_decide,
)
from tuyengiao.orgs.models import Unit

CITY, BA_DINH, THANH_XUAN = "HN", "HN.BADINH", "HN.THANHXUAN"
PUBLIC, INTERNAL = Document.Visibility.PUBLIC, Document.Visibility.INTERNAL
# The document whose presence means the demo documents are loaded: Quận ủy Ba Đình's
# 229-KH/QU (another district committee's 229-KH/QU is another document).
MARKER_SYMBOL = "229-KH/QU"
DEMO_NOTE = "(Nội dung tóm tắt để minh họa, không phải toàn văn.)"


@dataclass(frozen=True)
class DemoDocument:
    """A demo document: its number as written, date, issuer and what it is about.

    ``issuer`` is a demo unit's code when the issuer is one (its name on the issue date then
    comes from the unit); otherwise ``issuer_name`` is the issuer as written.
    """

    symbol: str
    issue_date: date
    summary: str
    owner: str
    visibility: str
    issuer: str | None = None
    issuer_name: str = ""
    term: str = ""
    body: str = ""


DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    # --- Central Party documents (public) -------------------------------------------------
    DemoDocument(
        "05-CT/TW",
        date(2016, 5, 15),
        "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        CITY,
        PUBLIC,
        issuer_name="Bộ Chính trị",
        term="XII",
    ),
    DemoDocument(
        "35-CT/TW",
        date(2019, 5, 30),
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII "
        "của Đảng",
        CITY,
        PUBLIC,
        issuer_name="Bộ Chính trị",
        term="XII",
    ),
    DemoDocument(
        "01-KL/TW",
        date(2021, 5, 18),
        "Kết luận về tiếp tục thực hiện Chỉ thị 05-CT/TW về học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh",
        CITY,
        PUBLIC,
        issuer_name="Bộ Chính trị",
        term="XIII",
        body="Tiếp tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, đưa việc "
        "học tập và làm theo Bác thành nền nếp trong mỗi tổ chức đảng. " + DEMO_NOTE,
    ),
    DemoDocument(
        "21-KL/TW",
        date(2021, 10, 25),
        "Kết luận về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; ngăn chặn, đẩy "
        "lùi suy thoái, “tự diễn biến”, “tự chuyển hóa”",
        CITY,
        PUBLIC,
        issuer_name="Ban Chấp hành Trung ương Đảng",
        term="XIII",
    ),
    DemoDocument(
        "15-NQ/TW",
        date(2022, 5, 5),
        "Nghị quyết về phương hướng, nhiệm vụ phát triển Thủ đô Hà Nội đến năm 2030, tầm nhìn "
        "đến năm 2045",
        CITY,
        PUBLIC,
        issuer_name="Bộ Chính trị",
        term="XIII",
    ),
    DemoDocument(
        "30-CT/TW",
        date(2024, 2, 5),
        "Chỉ thị về công tác tuyên truyền miệng trong tình hình mới",
        CITY,
        PUBLIC,
        issuer_name="Ban Bí thư",
        term="XIII",
        body="Tuyên truyền miệng là kênh trực tiếp, gần dân; cấp ủy các cấp lãnh đạo đổi mới "
        "nội dung, hình thức và xây dựng đội ngũ báo cáo viên, tuyên truyền viên. " + DEMO_NOTE,
    ),
    # --- Thành ủy Hà Nội (public) ------------------------------------------------------------
    DemoDocument(
        "155-KH/TU",
        date(2019, 7, 1),  # not in the seeds: see docs/demo-data.md
        "Kế hoạch của Thành ủy thực hiện Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp",
        CITY,
        PUBLIC,
        issuer=CITY,
        term="XVI",
        body="Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị, Thành ủy định "
        "hướng chuẩn bị và tổ chức đại hội đảng bộ các cấp trong Đảng bộ thành phố. " + DEMO_NOTE,
    ),
    DemoDocument(
        "09-NQ/TU",
        date(2022, 2, 22),  # not in the seeds: see docs/demo-data.md
        "Nghị quyết về phát triển công nghiệp văn hóa trên địa bàn Thủ đô giai đoạn "
        "2021 - 2025, định hướng đến năm 2030, tầm nhìn đến năm 2045",
        CITY,
        PUBLIC,
        issuer=CITY,
        term="XVII",
    ),
    DemoDocument(
        "241-KH/TU",
        date(2024, 5, 30),
        "Kế hoạch của Ban Thường vụ Thành ủy thực hiện Chỉ thị 30-CT/TW về tuyên truyền miệng",
        CITY,
        PUBLIC,
        issuer=CITY,
        term="XVII",
        body="Thực hiện Chỉ thị số 30-CT/TW ngày 05/02/2024 của Ban Bí thư Trung ương Đảng khóa "
        "XIII, Ban Thường vụ Thành ủy giao các cấp ủy trực thuộc cụ thể hóa bằng kế hoạch của "
        "mình. " + DEMO_NOTE,
    ),
    # --- Quận Ba Đình (internal) -------------------------------------------------------------
    DemoDocument(
        MARKER_SYMBOL,
        date(2024, 6, 10),  # the seed writes 10/6/2023: see docs/demo-data.md
        "Kế hoạch của Quận ủy Ba Đình triển khai Chỉ thị 30-CT/TW về tuyên truyền miệng trong "
        "toàn Đảng bộ quận",
        BA_DINH,
        INTERNAL,
        issuer=BA_DINH,
        body="Thực hiện Kế hoạch số 241-KH/TU ngày 30/5/2024 của Ban Thường vụ Thành ủy Hà Nội, "
        "Quận ủy giao các tổ chức cơ sở đảng, Ủy ban MTTQ và các đoàn thể thực hiện bốn nhóm "
        "nhiệm vụ: vai trò lãnh đạo của cấp ủy và người đứng đầu; nội dung tuyên truyền trọng "
        "yếu; đa dạng hóa phương thức, kể cả trực tuyến; kiện toàn đội ngũ báo cáo viên, tuyên "
        "truyền viên. " + DEMO_NOTE,
    ),
    # --- Quận Thanh Xuân (internal) ----------------------------------------------------------
    DemoDocument(
        "149-KH/QU",
        date(2019, 7, 23),
        "Kế hoạch tuyên truyền các kết quả nổi bật hướng tới đại hội đảng bộ các cấp và Đại "
        "hội lần thứ VI Đảng bộ quận Thanh Xuân",
        THANH_XUAN,
        INTERNAL,
        issuer=THANH_XUAN,
        term="V",
        body="Thực hiện Kế hoạch số 155-KH/TU của Thành ủy Hà Nội, Quận ủy tổ chức tuyên truyền "
        "thành tích của quận và các phường nhiệm kỳ 2015 - 2020. " + DEMO_NOTE,
    ),
    DemoDocument(
        "158-KH/QU",
        date(2019, 11, 26),
        "Kế hoạch thông tin, tuyên truyền phục vụ đại hội đảng bộ các cấp, Đại hội Đảng bộ "
        "quận lần thứ VI, Đại hội Đảng bộ thành phố lần thứ XVII và Đại hội XIII của Đảng",
        THANH_XUAN,
        INTERNAL,
        issuer=THANH_XUAN,
        term="V",
        body="Thực hiện Kế hoạch số 155-KH/TU của Thành ủy Hà Nội, Quận ủy định hướng thông "
        "tin trên cổng thông tin điện tử, báo chí và loa truyền thanh các phường. " + DEMO_NOTE,
    ),
    DemoDocument(
        "147/KH-UBND",
        date(2020, 5, 15),
        "Kế hoạch thông tin, tuyên truyền nhiệm vụ chính trị của quận Thanh Xuân năm 2020",
        THANH_XUAN,
        INTERNAL,
        issuer_name="Ủy ban nhân dân quận Thanh Xuân",
    ),
    DemoDocument(
        "838/UBND-VHTT",
        date(2020, 6, 9),
        "Công văn đẩy mạnh tuyên truyền Đại hội đại biểu Đảng bộ quận Thanh Xuân lần thứ VI, "
        "nhiệm kỳ 2020 - 2025",
        THANH_XUAN,
        INTERNAL,
        issuer_name="Ủy ban nhân dân quận Thanh Xuân",
    ),
)

# (source, target): the source implements the target. Confirmed as the system.
IMPLEMENTS: tuple[tuple[str, str], ...] = (
    ("241-KH/TU", "30-CT/TW"),
    (MARKER_SYMBOL, "241-KH/TU"),
    ("155-KH/TU", "35-CT/TW"),
    ("149-KH/QU", "155-KH/TU"),
    ("158-KH/QU", "155-KH/TU"),
    ("01-KL/TW", "05-CT/TW"),
)


@dataclass(frozen=True)
class DemoDocumentsSummary:
    """What ``ensure_demo_documents`` left: whether it loaded them now, and the counts."""

    created: bool
    documents: int
    confirmed: int


def _summary(created: bool) -> DemoDocumentsSummary:
    # A symbol alone may name documents of several units (every district signs QU): a demo
    # document is its symbol registered by its owner.
    demo = Q()
    for document in DEMO_DOCUMENTS:
        demo |= Q(symbol=document.symbol, owner__code=document.owner)
    documents = Document.objects.filter(demo)
    return DemoDocumentsSummary(
        created=created,
        documents=documents.count(),
        confirmed=DocumentRelation.objects.filter(
            source__in=documents, state=DocumentRelation.State.CONFIRMED
        ).count(),
    )


def _register(demo: DemoDocument, units: dict[str, Unit]) -> Document:
    document = document_register(
        symbol=demo.symbol,
        issue_date=demo.issue_date,
        summary=demo.summary,
        owner=units[demo.owner],
        issuer=units[demo.issuer] if demo.issuer else None,
        term=demo.term,
        visibility=demo.visibility,
        body=demo.body,
        actor=SYSTEM,
    )
    if demo.issuer_name and not demo.issuer:
        # The register service takes the issuer's name from a unit only; a central body is
        # not a unit of the demo tree, so its name is set and saved through the services,
        # which fold it into the search text.
        document.issuer_name = demo.issuer_name
        document = document_update(document=document, actor=SYSTEM)
    return document


def _confirm(source: Document, target: Document) -> None:
    relation = DocumentRelation.objects.filter(source=source, target=target).first()
    if relation is None:
        relation_add(
            source=source, target=target, kind=DocumentRelation.Kind.IMPLEMENTS, actor=SYSTEM
        )
    elif relation.state != DocumentRelation.State.CONFIRMED:
        relation_decide(
            relation=relation, confirm=True, kind=DocumentRelation.Kind.IMPLEMENTS, actor=SYSTEM
        )


@transaction.atomic
def ensure_demo_documents() -> DemoDocumentsSummary:
    """Register the demo documents and confirm their implementation chains, unless Quận ủy
    Ba Đình's ``229-KH/QU`` is already registered. Needs the demo organisation tree."""
    if Document.objects.filter(symbol=MARKER_SYMBOL, issuer__code=BA_DINH).exists():
        return _summary(created=False)
    codes = {CITY, BA_DINH, THANH_XUAN}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    missing = sorted(codes - units.keys())
    if missing:
        raise DemoDataError(
            f"Chưa có đơn vị {', '.join(missing)}: hãy nạp cây tổ chức mẫu trước văn bản mẫu."
        )
    # Oldest first: a text can only be linked to documents issued before it.
    registered = {
        demo.symbol: _register(demo, units)
        for demo in sorted(DEMO_DOCUMENTS, key=lambda demo: demo.issue_date)
    }
    for source, target in IMPLEMENTS:
        _confirm(registered[source], registered[target])
    return _summary(created=True)
