"""Experiment (not part of the shipped model): do job titles lift out-of-domain ranking?

Issue 13 item 4 asks whether job titles, recognised only where a title can stand, help the
model rank out-of-domain documents. This measures it with a plain L2 logistic regression per
role on binary concept features (what rolefit's extractor finds, negated mentions dropped),
with and without four title-class features. Titles are read only from title positions: the
first line (at most 60 characters) and experience-entry lines (lines with " | " or an
employment date range), up to the first " | " or ", ". The classes are rolefit's own regular
expressions (below): IT/delivery manager titles, ops/ML engineer titles, any manager title,
any engineer/developer/analyst title. Trained on corpora/djinni_roles.csv +
corpora/occupations_train.csv, scored on corpora/occupations_ood.csv.

Result (seed-free; 2 cores, about 1 minute), ROC-AUC on the OOD set (all / ESCO / O*NET held out):

    concepts only   ai_operations_manager 0.629 / 0.491 / 0.993   mlops_engineer 0.619 / 0.564 / 0.878
    + title classes ai_operations_manager 0.741 / 0.642 / 0.997   mlops_engineer 0.725 / 0.785 / 0.865

So titles lift OOD ranking by about 0.1 ROC-AUC for both roles on this set, mostly on the
thin ESCO documents (about one taxonomy skill each), where a title is often the only signal.
Caveat: the title regexes were written knowing how the OOD labels are defined (ISCO 1330 ICT
service managers, 2522 systems administrators), so part of the lift may be the lexicon fitting
the label rule; a title lexicon from ESCO labels would leak outright into the ESCO part.
Shipped since, differently: the ``rolefit_title_matcher`` component with a lexicon from O*NET
titles of training occupations only (``scripts/build_title_lexicon.py``); its effect and the
leakage check are measured by ``scripts/title_ablation.py``.

Usage: python scripts/title_features_experiment.py
"""

import re
import time
from pathlib import Path

import numpy as np, pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
t0=time.time()
R=str(Path(__file__).resolve().parents[1] / 'corpora') + '/'
dj=pd.read_csv(R+'djinni_roles.csv',dtype=str,keep_default_na=False)
oc=pd.read_csv(R+'occupations_train.csv',dtype=str,keep_default_na=False)
ood=pd.read_csv(R+'occupations_ood.csv',dtype=str,keep_default_na=False)
train=pd.concat([dj[['id','text','labels']],oc[['id','text','labels']]],ignore_index=True)
from rolefit.nlp import extract_skills_many
mt=[[m.concept_id for m in ms if not m.negated] for ms in extract_skills_many(list(train.text))]
mo=[[m.concept_id for m in ms if not m.negated] for ms in extract_skills_many(list(ood.text))]
print('extracted', time.time()-t0, flush=True)
DATE=re.compile(r'\b(19|20)\d\d\s*(-|–|to)\s*((19|20)\d\d|present|now)', re.I)
def title_lines(text):
    lines=[l.strip() for l in text.splitlines() if l.strip()]
    out=[]
    if lines and len(lines[0])<=60: out.append(lines[0])
    for l in lines[1:]:
        if (' | ' in l or DATE.search(l)) and len(l)<=120:
            out.append(re.split(r'\s[|,]\s|,\s', l)[0])
    return out
FAM={
 'title_it_manager': re.compile(r'\b(it|ict|technology|software|digital|data|systems?|information|ai|ml|engineering|development|delivery|product|project|program|programme)\b.*\b(manager|director|lead|head|officer|owner)\b|\b(cio|cto|cdo)\b|\bproject manager\b|\bproduct (manager|owner)\b|\bscrum master\b', re.I),
 'title_ops_ml_engineer': re.compile(r'devops|\bsre\b|site reliability|platform engineer|cloud (engineer|architect)|system(s)? (administrator|engineer)|network administrator|machine learning|\bml\b|mlops|data scientist|\bai engineer\b|infrastructure engineer', re.I),
 'title_manager': re.compile(r'\b(manager|director|supervisor|head of|chief|coordinator|officer)\b', re.I),
 'title_engineer_dev': re.compile(r'\b(engineer|developer|programmer|architect|analyst|tester|designer)\b', re.I),
}
def tfeat(text):
    ls=title_lines(text)
    return {k:1.0 for k,rx in FAM.items() if any(rx.search(l) for l in ls)}
vocab=sorted({c for ms in mt for c in ms})
idx={c:i for i,c in enumerate(vocab)}
def X(ms_list, texts, titles):
    tk=list(FAM)
    M=np.zeros((len(ms_list), len(vocab)+(len(tk) if titles else 0)))
    for i,ms in enumerate(ms_list):
        for c in set(ms):
            if c in idx: M[i,idx[c]]=1
        if titles:
            f=tfeat(texts[i])
            for j,k in enumerate(tk):
                M[i,len(vocab)+j]=f.get(k,0)
    return M
for titles in (False, True):
    Xt=X(mt, list(train.text), titles); Xo=X(mo, list(ood.text), titles)
    for role in ['ai_operations_manager','mlops_engineer']:
        y=np.array([role in l for l in train.labels]); yo=np.array([role in l for l in ood.labels])
        clf=LogisticRegression(C=1.0,max_iter=2000).fit(Xt,y)
        p=clf.predict_proba(Xo)[:,1]
        res={'all':roc_auc_score(yo,p)}
        for s in ['esco_v1_0','onet_29_3']:
            m=(ood.source==s).to_numpy(); res[s]=roc_auc_score(yo[m],p[m])
        print('titles' if titles else 'concepts', role, {k:round(v,3) for k,v in res.items()}, flush=True)
# title hit rates
for name,df in [('ood',ood)]:
    for lab in ['ai_operations_manager','mlops_engineer','none']:
        sub=df[df.labels==lab]
        print(lab, {k: round(np.mean([k in tfeat(t) for t in sub.text]),2) for k in FAM})
