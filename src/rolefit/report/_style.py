"""The page's inline style sheet and its one small script (kept apart from the markup).

The script only adds a filter box and label toggles above each ranking table; the page
reads fully without it (the controls do not exist when scripts are disabled).
"""

from __future__ import annotations

from rolefit.report._plots import LABEL_COLORS

#: Inline CSS; label colours come from :data:`rolefit.report._plots.LABEL_COLORS`.
CSS = """
:root{--fit:%(fit)s;--review:%(review)s;--no_fit:%(no_fit)s;--ink:#24292f;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);
 margin:0 auto;max-width:1180px;padding:16px 20px 40px}
h1{font-size:22px;margin:4px 0 8px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:16px 0 4px}
.notice{border-left:5px solid var(--review);background:#fff8e1;padding:8px 12px;margin:8px 0}
.muted,figcaption{color:var(--muted)}nav a{margin-right:12px}
table{border-collapse:collapse;width:100%%;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num{text-align:right;white-space:nowrap}
.file{min-width:170px;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px;word-break:break-all}
.lab{display:inline-block;white-space:nowrap;padding:0 6px;border-radius:9px;color:#fff;font-size:12px;font-weight:600}
.lab.fit{background:var(--fit)}.lab.review{background:var(--review)}.lab.no_fit{background:var(--no_fit)}
.bar{position:relative;width:150px;height:12px;background:#eaeef2;border-radius:2px;margin-top:3px}
.bar .band{position:absolute;top:0;bottom:0;background:rgba(191,135,0,.25)}
.bar .thr{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--ink)}
.bar .fill{position:absolute;left:0;top:3px;height:6px;background:#0969da}
.bar .ci{position:absolute;top:5px;height:2px;background:#0969da;opacity:.45}
ul.skills,ul.req{margin:0;padding-left:16px}ul.skills li{margin:1px 0}
q.snippet{quotes:"\\201C" "\\201D";color:var(--muted);font-size:12.5px}
q.snippet mark{background:#fff3b0;color:var(--ink);padding:0 1px}
.met{color:var(--fit)}.miss{color:#cf222e}.met,.miss{font-size:12.5px}details summary{cursor:pointer;color:var(--muted);font-size:12px}.reason{font-size:12.5px}.warn{color:#9a6700;font-size:12.5px}
figure{margin:8px 0}svg{max-width:100%%;height:auto}
pre.card{white-space:pre-wrap;background:#f6f8fa;padding:10px;font-size:12px}
.filter{margin:4px 0}.filter input[type=search]{width:220px}
@media print{nav,.filter{display:none}}
""" % LABEL_COLORS

SCRIPT = """
document.querySelectorAll("table.ranking").forEach(function(t){
 var box=document.createElement("div");box.className="filter";
 box.innerHTML='<input type="search" placeholder="filter by file or skill"> '+["fit","review","no_fit"].map(function(l){
  return '<label><input type="checkbox" checked value="'+l+'"> '+l.replace("_"," ")+'</label>';}).join(" ");
 t.parentNode.insertBefore(box,t);
 function apply(){var q=box.querySelector("input[type=search]").value.toLowerCase(),on={};
  box.querySelectorAll("input[type=checkbox]").forEach(function(c){on[c.value]=c.checked;});
  t.querySelectorAll("tbody tr").forEach(function(r){
   r.hidden=!(on[r.dataset.label]&&r.textContent.toLowerCase().indexOf(q)>=0);});}
 box.addEventListener("input",apply);box.addEventListener("change",apply);});
"""
