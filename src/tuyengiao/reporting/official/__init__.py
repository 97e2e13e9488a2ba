"""The official report (báo cáo sơ kết, tổng kết) as a Word file in the official layout.

* ``layout`` and ``rulesets.toml`` — the layout rules (Hướng dẫn 36-HD/VPTW, Nghị định
  30/2020/NĐ-CP) as versioned data;
* ``context`` — the figure functions and sandbox shared by section prose, drafts and
  uploaded templates;
* ``drafts`` — a unit's draft of the report: read, prefill, edit (role-checked, audited);
* ``texts`` — previews of a draft's section texts with their figures filled;
* ``report`` — a report resolved for writing;
* ``builder`` — the built-in layout written with python-docx;
* ``templates`` — uploaded docxtpl templates: checks, filling, upload services, starter;
* ``render`` — :func:`render.render_report`, the entry point.
"""
