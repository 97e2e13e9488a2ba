"""Type codes, issuer codes and kind words of Party and State documents, as data.

The lists change with the rules (Hướng dẫn 36-HD/VPTW for the Party, Nghị định 30/2020/NĐ-CP
for the State, the 2025 merger of the Tuyên giáo and Dân vận boards), so they live here and not
in the parsing code. Parsing never requires a code to be listed: an unknown but well-formed code
is still a document number. The lists are used to name codes, and in one place to choose
between two readings of the same punctuation (see ``STATE_TYPED_CODES``).

Codes are case- and Đ-sensitive and are written here exactly as on paper: ``HĐ`` (hợp đồng) is
not ``HD`` (hướng dẫn), ``QyĐ`` (quy định) is not ``QĐ`` (quyết định), ``CTr`` (chương trình) is
not ``CT`` (chỉ thị), ``TTr`` (tờ trình) is not ``TT``.
"""

from __future__ import annotations

from types import MappingProxyType

# Hướng dẫn 36-HD/VPTW: ``<number>-<TYPE>/<ISSUER>``. QĐ covers both quyết định and quy định;
# ``QĐi`` is seen for quy định in practice.
PARTY_TYPE_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "NQ": "nghị quyết",
        "QĐ": "quyết định, quy định",
        "QĐi": "quy định",
        "CT": "chỉ thị",
        "KL": "kết luận",
        "QC": "quy chế",
        "TT": "thông tri",
        "HD": "hướng dẫn",
        "TB": "thông báo",
        "BC": "báo cáo",
        "KH": "kế hoạch",
        "CTr": "chương trình",
        "ĐA": "đề án",
        "PA": "phương án",
        "TTr": "tờ trình",
        "CV": "công văn",
        "BB": "biên bản",
    }
)

# Nghị định 30/2020/NĐ-CP, Phụ lục III: administrative documents, ``<number>/<TYPE>-<ISSUER>``.
# A công văn has no type code: ``<number>/<ISSUER>-<UNIT>``.
STATE_TYPE_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "NQ": "nghị quyết",
        "QĐ": "quyết định",
        "CT": "chỉ thị",
        "QC": "quy chế",
        "QyĐ": "quy định",
        "TC": "thông cáo",
        "TB": "thông báo",
        "HD": "hướng dẫn",
        "CTr": "chương trình",
        "KH": "kế hoạch",
        "PA": "phương án",
        "ĐA": "đề án",
        "DA": "dự án",
        "BC": "báo cáo",
        "BB": "biên bản",
        "TTr": "tờ trình",
        "HĐ": "hợp đồng",
        "CĐ": "công điện",
        "BGN": "bản ghi nhớ",
        "BTT": "bản thỏa thuận",
        "GUQ": "giấy ủy quyền",
        "GM": "giấy mời",
        "GGT": "giấy giới thiệu",
        "GNP": "giấy nghỉ phép",
        "PG": "phiếu gửi",
        "PC": "phiếu chuyển",
        "PB": "phiếu báo",
    }
)

# Legal normative documents carry the year: ``<number>/<year>/<TYPE>-<ISSUER>``.
LEGAL_TYPE_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "NĐ": "nghị định",
        "TT": "thông tư",
        "TTLT": "thông tư liên tịch",
        "NQ": "nghị quyết",
        "QĐ": "quyết định",
    }
)

# ``<number>/<A>-<B>`` is a typed State document when A is one of these codes and an official
# letter (issuer A, drafting unit B) otherwise. Legal codes are included because older decrees
# and circulars were numbered without the year (``64/NĐ-CP``).
STATE_TYPED_CODES: frozenset[str] = frozenset(STATE_TYPE_CODES) | frozenset(LEGAL_TYPE_CODES)

# Party issuers. TW is shared by the Central Committee, the Politburo and the Secretariat.
# BTGTW/BDVTW were merged into BTGDVTW in 2025; QU/HU and their boards ended mid-2025.
PARTY_ISSUER_CODES: MappingProxyType[str, str] = MappingProxyType(
    {
        "TW": "Trung ương (Ban Chấp hành, Bộ Chính trị, Ban Bí thư)",
        "VPTW": "Văn phòng Trung ương Đảng",
        "BTCTW": "Ban Tổ chức Trung ương",
        "UBKTTW": "Ủy ban Kiểm tra Trung ương",
        "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
        "BTGTW": "Ban Tuyên giáo Trung ương (trước 2025)",
        "BDVTW": "Ban Dân vận Trung ương (trước 2025)",
        "TU": "Tỉnh ủy, Thành ủy",
        "VPTU": "Văn phòng Tỉnh ủy, Thành ủy",
        "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy, Thành ủy",
        "QU": "Quận ủy (đến giữa 2025)",
        "HU": "Huyện ủy (đến giữa 2025)",
        "BTGQU": "Ban Tuyên giáo Quận ủy (đến giữa 2025)",
        "BTGHU": "Ban Tuyên giáo Huyện ủy (đến giữa 2025)",
        "ĐU": "Đảng ủy",
        "ĐUK": "Đảng ủy khối",
        "CB": "Chi bộ",
    }
)

# Issuers written with a number after them, often with a space: ``BCĐ 35`` (Ban Chỉ đạo 35).
# Only these may carry a space inside the issuer; anywhere else a space ends the symbol, so
# that ``35-CT/TW 2019`` is not read with the issuer ``TW 2019``.
NUMBERED_ISSUER_PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {
        "BCĐ": "Ban Chỉ đạo (kèm số hiệu, ví dụ BCĐ 35)",
    }
)

# Words that name a kind of document in running text ("Chỉ thị số 30-CT/TW"), written in the
# NFC spelling with the traditional tone position. Matching ignores case, so "CHỈ THỊ" in an
# all-caps title is found too. Longer phrases must come before their prefixes.
KIND_WORDS: tuple[str, ...] = (
    "thông tư liên tịch",
    "nghị quyết liên tịch",
    "chương trình hành động",
    "chỉ thị",
    "kế hoạch",
    "nghị quyết",
    "kết luận",
    "quyết định",
    "quy định",
    "quy chế",
    "thông tư",
    "thông tri",
    "thông báo",
    "thông cáo",
    "nghị định",
    "công văn",
    "công điện",
    "văn bản",
    "luật",
    "pháp lệnh",
    "hướng dẫn",
    "báo cáo",
    "chương trình",
    "đề án",
    "dự án",
    "phương án",
    "tờ trình",
    "biên bản",
)
