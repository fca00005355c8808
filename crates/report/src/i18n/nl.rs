//! The Dutch texts, in the CX vocabulary Dutch clients know from the
//! handbook.

use super::texts::{QuadrantTexts, Texts};

pub(super) static NL_Q: [QuadrantTexts; 4] = [
    QuadrantTexts {
        name: "Koesteren en uitbouwen",
        short: "Laat meer klanten dit beleven, en vaker",
        meaning: "Deze momenten maken het verschil voor {goal}: ze laten zien waarom \
                  klanten voor je kiezen.",
        advice: "Laat meer klanten deze momenten beleven, en vaker. Houd ze levend in de \
                 herinnering met content en service.",
    },
    QuadrantTexts {
        name: "Verbeteren",
        short: "Verhoog de tevredenheid: maak hier uitblinkers van",
        meaning: "Deze momenten vervullen een behoefte, maar nog niet goed genoeg om veel \
                  te doen voor {goal}.",
        advice: "Verhoog hier eerst de tevredenheid, zeker waar veel klanten het moment \
                 meemaken: daar levert verbetering het meest op.",
    },
    QuadrantTexts {
        name: "Voorkomen of herontwerpen",
        short: "Voorkom ze, of herontwerp ze tot minstens neutraal",
        meaning: "Deze momenten werken {goal} tegen. Vaak zijn ze het gevolg van iets wat \
                  eerder in de klantreis misging.",
        advice: "Voorkom ze door de eerdere momenten die ze veroorzaken te verbeteren, \
                 herontwerp ze tot minstens neutraal, of laat er een positief moment op \
                 volgen.",
    },
    QuadrantTexts {
        name: "Besparen",
        short: "Je doet het te goed? Toets voor je de norm versoepelt",
        meaning: "Klanten waarderen deze momenten, maar ze werken {goal} tegen. Mogelijk \
                  geldt hier: je doet het te goed.",
        advice: "Kost dit moment meer dan het oplevert? Toets dat voor je de norm \
                 versoepelt: wat het kost, of klanten het zouden missen, en of een \
                 herontwerp het wel laat bijdragen.",
    },
];

pub(super) static NL: Texts = Texts {
    html_lang: "nl",
    report_kind: "Rapport klantbeleving-impactmatrix",
    generated_from: "Onderzoeksbestand {file}",
    contents: "Inhoud",

    matrix_title: "{kpi} \u{2014} n = {n}, R\u{b2} = {r2}",
    axis_x: "Tevredenheid over het contactmoment (gemiddelde, {scale})",
    axis_x_pct: "Tevredenheid over het contactmoment (gemiddelde, % van de schaal)",
    axis_y: "Impact op {kpi}: aandeel in wat het verklaart (%); boven de lijn helpt het, \
             eronder schaadt het",
    reversed_note: "Lage antwoorden zijn goed op deze KPI: hij is omgekeerd, dus omhoog is \
                    altijd goed.",
    binary_note: "Ja/nee-KPI.",
    crosshair_line: "Bolgrootte = aandeel klanten dat het moment meemaakte (frequentie). \
                     Assenkruis: tevredenheid {x}, impact {y}.",
    legend_title: "Bolgrootte:",
    legend_sub: "klanten die het meemaakten",
    small_base_key: "kleine basis (n < {n})",
    whisker_key: "lijnen: 95%-interval",
    whisker_uncertain_key: "gestippeld: richting onzeker (interval bevat nul)",
    not_placed: "Niet getoond (niemand maakte het mee): {list}",
    marker_key: "Genummerde bollen:",
    axis_break_note: "De as van {axis} is onderbroken: {from} tot {to} is \
                      weggelaten, daar ligt geen contactmoment.",
    rule_mean: "gewogen gemiddelde ({v})",
    rule_median: "mediaan ({v})",
    rule_midpoint: "midden van de schaal ({v})",
    rule_zero: "nul",
    rule_value: "{v}",
    axis_satisfaction: "tevredenheid",
    axis_impact: "impact",
    not_controllable_key: "alleen omtrek: niet beïnvloedbaar",
    caveat_svg: "Let op: deze belangen zijn niet betrouwbaar; zie het rapport.",

    summary: "Samenvatting",
    respondents_in: "Respondenten in het bestand",
    respondents_analysed: "Geanalyseerde respondenten",
    weighting: "Weging",
    weighted_by: "gewogen met {col}",
    unweighted: "ongewogen",
    kpis_analysed: "Geanalyseerde KPI's",

    headline_nps_label: "{kpi}: Net Promoter Score",
    headline_mean_label: "{kpi}: gemiddelde op de schaal {scale}",
    headline_mean_label_reversed: "{kpi}: gemiddelde op de schaal {scale} (laag is goed)",
    headline_share_label: "{kpi}: aandeel dat ja zegt",
    headline_share_label_reversed: "{kpi}: aandeel dat ja zegt (nee is het goede antwoord)",
    ci_95: "95%: {lo} tot {hi}",
    ci_range: "{lo} tot {hi}",
    nps_short: "{v} NPS",

    priorities_heading: "Wat eerst te doen",
    priorities_intro: "Acties gerangschikt naar wat elk oplevert op {kpi}. De winst houdt al \
                       rekening met hoeveel klanten het moment meemaken. De actie volgt het \
                       kwadrant van het moment in de matrix.",
    priorities_no_bootstrap: "De bootstrap stond uit, dus deze winsten hebben geen \
                              intervallen en hun zekerheid is niet getoetst.",
    priorities_ranked_on_other: "De belangen van {lead} zijn niet betrouwbaar (zie de \
                                 paragraaf daarover), dus de lijst is gerangschikt op {kpi}.",
    priorities_none_sound: "De belangen van elke KPI hebben kanttekeningen (zie de \
                            paragrafen), dus er is geen prioriteitenlijst.",
    priorities_none_certain: "Geen actie is zeker genoeg om te rangschikken op {kpi}.",
    apart_heading: "Apart gezet: niet zeker genoeg om te rangschikken",
    apart_intro: "Deze momenten doen er mogelijk toe, maar de data tonen het niet aan:",
    apart_more: "Nog {n} in impact.json (priorities).",
    left_out_not_controllable: "Weggelaten als niet beïnvloedbaar: {list}.",
    sentence_more: "Eén punt meer tevredenheid over {tp}: {gain}",
    sentence_prevent: "Eén op de tien klanten minder die {tp} meemaken: {gain}",
    sentence_less: "Eén punt minder tevredenheid over {tp}: {gain}",
    economize_question: "Kost {tp} meer dan het oplevert? Toets dat voor je het versoepelt.",
    gain_on: "{v} op {kpi}",
    lower_is_better: "lager is beter",
    pp: "{v} procentpunt",
    nps_points: "{v} NPS-punten",
    also: "Verder: {list}",
    flag_direction: "richting onzeker",
    flag_noise: "niet boven ruis",
    flag_small_base: "kleine basis (n = {n})",
    flag_gain_zero: "interval van de winst bevat nul",
    flag_no_gain: "geen winst in de wat-als",
    lead_matrix: "De matrix van {kpi}",

    nps: "Net Promoter Score",
    nps_score: "NPS",
    promoters: "Promotors (9-10)",
    passives: "Passieven (7-8)",
    detractors: "Criticasters (0-6)",
    nps_note: "NPS = % promotors \u{2212} % criticasters, van \u{2212}100 tot +100. \
               Gangbare bedrijven scoren +5 tot +10; vergelijk binnen je sector.",

    kpi_section: "Impact op {kpi}",
    kpi_meta: "{kind} \u{b7} n = {n} \u{b7} R\u{b2} = {r2} (gecorrigeerd {adj})",
    kind_nps: "Aanbeveling (NPS, 0-10)",
    kind_scale: "Beoordelingsschaal",
    kind_binary: "Ja/nee",
    reversed_badge: "omgekeerd: lage antwoorden zijn goed",
    th_touchpoint: "Contactmoment",
    th_n: "n meegemaakt",
    th_frequency: "Frequentie",
    th_mean: "Gem. tevredenheid",
    th_top_box: "Topbox",
    th_incidence: "Incidentie-effect",
    th_quality: "Kwaliteitseffect",
    th_impact: "Impact (% van wat het verklaart)",
    th_quadrant: "Kwadrant",
    small_base_mark: "kleine basis",
    th_impact_ci: "Impact (% van wat het verklaart; 95%-interval)",
    th_quadrant_probability: "Kwadrant (zekerheid)",
    uncertain_mark: "richting onzeker",
    noise_mark: "niet boven ruis",
    uncertainty_note: "Intervallen zijn 95%-bootstrapintervallen ({reps} hersteekproeven \
                       van de respondenten); de regel onder een gemiddelde of een impact is \
                       het interval. Zekerheid kwadrant: aandeel hersteekproeven waarin het contactmoment \
                       in hetzelfde kwadrant valt. Richting onzeker: het impactinterval \
                       bevat nul. Niet boven ruis: het belang is niet duidelijk groter dan \
                       dat van een contactmoment van willekeurige getallen ({noise} van de \
                       verklaarde variantie).",
    small_base_note: "Kleine basis: minder dan {n} respondenten in het model van deze KPI \
                      maakten het contactmoment mee; lees de cijfers als indicatief.",
    not_in_matrix: "niet in matrix",
    table_note: "Incidentie-effect: verschil in {kpi} tussen klanten die het moment \
                 meemaakten (bij gemiddelde tevredenheid) en klanten die dat niet deden. \
                 Kwaliteitseffect: verandering in {kpi} per punt tevredenheid. Impact: het \
                 aandeel van het moment in wat {kpi} verklaart, met het teken van zijn \
                 netto-richting (positief: het helpt). Winst, één punt meer: de verandering \
                 in {kpi} als iedereen die het moment meemaakte het één punt hoger gaf; één \
                 op tien minder: de verandering als één op de tien van hen het niet meer \
                 meemaakte.",
    advice_heading: "Wat te doen, per kwadrant",
    no_touchpoints: "Geen contactmomenten in dit kwadrant.",
    how_to_read: "Zo lees je het: verder naar rechts, klanten zijn tevredener over het \
                  moment; hoger, het doet meer voor {goal}, en onder de lijn werkt het dat \
                  tegen; een grotere bol, meer klanten maken het mee.",
    th_gain_more: "Winst: één punt meer",
    th_gain_prevent: "Winst: één op tien minder",
    gain_unit_points: "Winst in punten van {kpi}",
    gain_unit_pp: "Winst in procentpunten van het aandeel dat ja zegt",
    not_controllable_mark: "niet beïnvloedbaar",
    quadrant_not_controllable: "Niet beïnvloedbaar, ter informatie (geen advies): {list}",
    goal_nps: "loyaliteit ({kpi})",
    goal_scale: "een hogere {kpi}",
    goal_reversed: "een lagere {kpi}",
    goal_share: "het aandeel dat ja zegt op {kpi}",
    goal_share_reversed: "het aandeel dat nee zegt op {kpi}",
    caveat_note: "Let op: de belangen van {kpi} zijn niet betrouwbaar: {reasons}. De matrix en \
                  de tabel staan er ter informatie, en de KPI telt niet mee in de \
                  prioriteitenlijst.",
    caveat_separation: "de contactmomenten scheiden de ja- en nee-antwoorden volledig, \
                        zodat sommige effecten niet te schatten zijn",
    caveat_few: "slechts {n} respondenten gaven het zeldzamere antwoord (minstens {min} \
                 nodig)",
    caveat_sum: "de belangen telden op tot {sum} in plaats van de R\u{b2} van het model, {r2}",

    segments: "Segmenten",
    segments_intro: "KPI-niveau per groep (NPS als score, ja/nee-KPI's als aandeel, andere \
                     KPI's als gemiddelde).",
    th_group: "Groep",
    blank_group: "(geen antwoord)",

    data_quality: "Datakwaliteit",
    rows_read: "Gelezen rijen",
    rows_analysed: "Geanalyseerde rijen",
    excluded_rows: "Rijen buiten de analyse",
    th_reason: "Reden",
    th_count: "Aantal",
    th_rows: "Rijen (eerste)",
    kpi_excluded: "Buiten het model voor {kpi}",
    no_exclusions: "Er zijn geen rijen weggelaten.",
    warnings: "Waarschuwingen",
    th_kind: "Soort",
    th_examples: "Eerste gevallen",
    no_warnings: "Geen waarschuwingen.",
    whole_column: "hele kolom",
    row: "rij",
    dropped_terms: "Termen buiten de modellen",
    dropped_intro: "Een term die niet betrouwbaar te schatten is, valt weg; de impact van \
                    het contactmoment rust dan op de andere term.",
    th_term: "Term",
    term_incidence: "incidentie",
    term_quality: "kwaliteit",
    no_dropped: "Alle termen konden worden geschat.",
    reason_too_few_not: "slechts {n} respondenten maakten het niet mee (minimum {min})",
    reason_everyone: "iedere respondent maakte het mee",
    reason_too_few_exp: "slechts {n} respondenten beoordeelden het",
    reason_none_exp: "niemand beoordeelde het",
    reason_no_variation: "iedereen die het beoordeelde gaf dezelfde score",
    reason_collinear: "overlapt met {with} (dezelfde respondenten sloegen ze over)",

    methods: "Hoe de cijfers tot stand kwamen",
    methods_paragraphs: [
        "Iedere respondent beoordeelde de contactmomenten die hij of zij meemaakte. Een \
         lege cel betekent \"niet meegemaakt\", geen ontbrekend antwoord: of een klant een \
         moment meemaakt is op zich al informatie, dus niemand valt af omdat hij \
         contactmomenten open liet.",
        "Per KPI schat één regressiemodel twee effecten per contactmoment: y = a + \
         \u{3a3}\u{2c7c} ( c\u{2c7c}\u{b7}d\u{2c7c} + b\u{2c7c}\u{b7}d\u{2c7c}\u{b7}(x\u{2c7c} \
         \u{2212} m\u{2c7c}) ) + e, met d\u{2c7c} = 1 als het contactmoment is meegemaakt, \
         x\u{2c7c} de tevredenheid en m\u{2c7c} de gemiddelde tevredenheid van wie het \
         meemaakte.",
        "Het incidentie-effect c\u{2c7c} is het verschil in de KPI tussen klanten die het \
         moment meemaakten (bij gemiddelde tevredenheid) en klanten die dat niet deden. \
         Het kwaliteitseffect b\u{2c7c} is hoeveel de KPI beweegt per punt tevredenheid \
         onder wie het meemaakte.",
        "Een model wordt alleen geschat als de gegevens zijn termen dragen: minstens 5 \
         respondenten per term, en voor een ja/nee-KPI minstens 10 respondenten met het \
         zeldzamere antwoord per term (de gangbare regel van tien gebeurtenissen per \
         variabele). Daaronder beschrijven de effecten en belangen vooral toeval (met 120 \
         termen en 300 respondenten verklaart pure ruis al 40% van de variantie), dus zo'n \
         KPI wordt helemaal niet gemodelleerd in plaats van met een paar uitgekozen \
         contactmomenten: de waarschuwingen zeggen hoeveel contactmomenten de gegevens \
         dragen. Verwante contactmomenten samenvoegen, zeldzame weglaten of meer antwoorden \
         verzamelen brengt het binnen bereik.",
        "Het belang is het aandeel van elk contactmoment in de verklaarde variantie \
         (R\u{b2}), eerlijk verdeeld met de Shapley-waarde (LMG-methode); de belangen tellen \
         op tot R\u{b2}. Het belang van een contactmoment is verdeeld over zijn incidentie- \
         en kwaliteitsterm naar rato van het deel van de KPI dat elke term op zichzelf \
         beweegt.",
        "Belang heeft geen teken; de matrix geeft het de netto-richting van het \
         contactmoment. Elk van zijn twee termen stemt mee met het teken van zijn effect, \
         gewogen naar hoeveel van de KPI die term op zichzelf beweegt (zijn effect in het \
         kwadraat maal de spreiding van de term), zodat een term met een effect van \
         ongeveer nul vrijwel niets te zeggen heeft. Het Shapley-aandeel van een term \
         wordt hier niet voor gebruikt: Shapley geeft een term ook krediet voor variantie \
         die hij deelt met samenhangende contactmomenten, zodat een term zonder eigen \
         effect een groot aandeel kan hebben en het teken bij toeval zou bepalen. De \
         richting wordt op elke bootstrap-hersteekproef opnieuw berekend, dus een \
         contactmoment waarvan de termen twee kanten op trekken, komt uit als richting \
         onzeker, niet in een zeker kwadrant.",
        "De wat-als zet een effect in de eenheden van de KPI zelf. Eén punt meer: de \
         verandering in het gemiddelde van de KPI als iedere klant die het moment meemaakte \
         het één punt hoger gaf (tot de top van de schaal). Eén op tien minder: de \
         verandering als één op de tien van die klanten het niet meer meemaakte. Positief \
         is altijd beter (bij een omgekeerde KPI zoals inspanning: een lagere score). Bij \
         een ja/nee-KPI is de winst in procentpunten van het aandeel dat ja zegt, \
         gemiddeld over de eigen gemodelleerde kans van elke klant. NPS-punten komen uit \
         een model van de bijdrage van elke klant aan de NPS (+100 promotor, 0 passive, \
         \u{2212}100 criticaster). De winst houdt al rekening met hoeveel klanten het moment \
         meemaken. Het 95%-interval komt uit de bootstrap.",
        "De prioriteitenlijst rangschikt acties naar hun winst op de hoofd-KPI. De actie \
         van een moment volgt zijn kwadrant: verbeteren en koesteren worden gemeten met \
         één punt meer, voorkomen met één op tien minder, besparen met de winst van minder \
         doen (één op tien minder, of één punt minder waar het model geen incidentieterm \
         heeft). Momenten met een onzekere richting, een belang dat niet boven ruis \
         uitkomt, een kleine basis of een winstinterval dat nul bevat, staan apart en \
         nooit boven de zekere. Momenten die in de configuratie niet beïnvloedbaar heten, \
         blijven buiten de lijst, net als KPI's met kanttekeningen bij hun belangen.",
        "Grenzen: dit zijn samenhangen in enquêteantwoorden, geen bewezen oorzaken, en \
         elke wat-als houdt al het andere gelijk. Een winst zegt wat een verandering \
         volgens de data waard is, niet wat die zeker oplevert; probeer grote \
         veranderingen eerst op kleine schaal.",
        "De matrix zet tevredenheid (x) af tegen deze impact met teken (y); de oppervlakte \
         van een bol is het aandeel klanten dat het moment meemaakte (frequentie). Het \
         assenkruis verdeelt de matrix in vier kwadranten, elk met een eigen advies. \
         Punten precies op een lijn tellen als hoge tevredenheid of positieve impact. Een \
         label blijft altijd in het kwadrant van zijn bol; vindt het daar geen vrije plek, \
         dan krijgt de bol een nummer, met de naam in een sleutel naast de grafiek. Liggen \
         hooguit twee momenten verder van de rest af dan de hele spreiding van de rest \
         (minstens 20 punten impact, of een negende van de tevredenheidsschaal), dan laat \
         de as het lege stuk ertussen weg: twee delen op dezelfde schaal met een \
         breukteken, elk met eigen waarden langs de as, zodat elke positie haar echte \
         waarde houdt; een noot onder de grafiek zegt wat is weggelaten. Een interval dat \
         voorbij de rand (of de breuk) loopt, eindigt daar in een pijlpunt.",
        "KPI's waarop lage antwoorden goed zijn (zoals klantinspanning) zijn vóór het \
         modelleren omgekeerd, zodat positieve impact altijd goed nieuws is. Ja/nee-KPI's \
         zijn gecodeerd als 1/0.",
        "Aandelen en gemiddelden zijn gewogen als er een weegkolom is; elke n is een \
         ongewogen aantal respondenten.",
    ],
    methods_settings: "Assenkruis: tevredenheid {x}, impact {y}. Een incidentieterm vraagt \
                       minstens {min_not} respondenten die het contactmoment niet \
                       meemaakten; minder dan {small} respondenten die het meemaakten is \
                       een kleine basis. Weging: {weights}. Methode voor belang: {method}.",
    journey: "De klantreis",
    moves_note: "Pijlen: verandering sinds de vorige meting (van de stip naar de bel); donker buiten toeval, licht binnen toeval.",
    segment_too_small: "slechts {n} geanalyseerde respondenten (minimum {min})",
    segment_blank: "geen antwoord op de segmentvraag",
    segment_failed: "kon niet worden geanalyseerd: {error}",
    segment_not_modelled: "geen enkele KPI kon worden gemodelleerd: {reasons}",
    groups_heading: "Klantgroepen",
    groups_intro: "De matrix van {kpi} per klantgroep met ten minste {min} geanalyseerde respondenten, op dezelfde assen en ten opzichte van de kwadrantlijnen van de hele steekproef.",
    group_title: "{column}: {value} (n = {n})",
    differs_heading: "Wat verschilt tussen groepen",
    differs_none: "Geen enkel contactmoment werkt in een groep anders dan in de rest van de steekproef (op 5%-niveau, Holm-gecorrigeerd).",
    th_group_col: "Groep",
    th_impact_group: "Impact in de groep (%)",
    th_impact_whole: "Impact totaal (%)",
    th_quality_group: "Effect van een punt meer, in de groep",
    th_p_adjusted: "p (gecorrigeerd)",
    groups_skipped: "Zonder eigen matrix: {list}.",
    groups_method: "Een contactmoment verschilt in een groep wanneer het model van de hele steekproef, met de termen van elk contactmoment ook vermenigvuldigd met het lidmaatschap van de groep, duidelijk beter past met de producten van dat contactmoment dan zonder (een F-toets; p-waarden gecorrigeerd met de methode van Holm over alle groepen van het segment en alle contactmomenten, zodat een contactmoment dat overal gelijk werkt in hooguit 5% van de onderzoeken wordt gemarkeerd). Een gewogen onderzoek telt met zijn effectieve aantal respondenten. Voor ja/nee-KPI's is de toets een benadering (kleinste kwadraten). De eigen matrix van een groep heeft geen intervallen; de toets zegt of een verschil buiten toeval valt.",
    moves_heading: "Wat veranderde sinds de vorige meting",
    moves_intro: "Vergeleken met de vorige meting ({file}, n = {n}).",
    moves_nps: "De NPS was toen {then} en veranderde met {change} ({ci}).",
    th_sat_change: "Verandering tevredenheid (punten)",
    th_freq_change: "Meegemaakt door (verandering, %-punten)",
    th_impact_change: "Verandering impact (%-punten)",
    th_quadrants: "Kwadrant toen \u{2192} nu",
    th_verdict: "Verandering",
    moved_changed: "buiten toeval",
    moved_chance: "binnen toeval",
    moves_only_current: "Nieuw in deze meting, niet vergeleken: {list}.",
    moves_only_previous: "Alleen in de vorige meting: {list}.",
    moves_method: "Beide metingen worden onafhankelijk gebootstrapt; elk interval bevat 95% van de gepaarde verschillen tussen de herhalingen. Een verandering geldt als buiten toeval wanneer de verandering in tevredenheid of in frequentie meer dan 2,24 bootstrap-standaardfouten van nul ligt (5% verdeeld over de twee maten), zodat een contactmoment dat niet veranderde in hooguit een op de twintig metingen wordt gemarkeerd. De vorige posities staan ten opzichte van de kwadrantlijnen van deze meting.",
    journey_intro: "De contactmomenten in de volgorde van de klantreis, per fase:",
    methods_bootstrap: [
        "De onzekerheid komt uit de bootstrap: de respondenten worden {reps} keer met \
         teruglegging opnieuw getrokken (seed {seed}; een gewogen respondent houdt zijn \
         gewicht), en elk getal (tevredenheidsgemiddelden, frequenties, het model van elke \
         KPI met dezelfde termen als het volledige model, de belangen en impacts) wordt \
         op elke hersteekproef opnieuw berekend. {unit} Het 95%-interval loopt van het \
         2,5e tot het 97,5e percentiel van die waarden. Een impact waarvan het interval \
         nul bevat heeft geen vaststaande richting; een contactmoment dat minder dan \
         {small} respondenten van een model meemaakten is een kleine basis.",
        "Zekerheid kwadrant is het aandeel hersteekproeven waarin een contactmoment in \
         hetzelfde kwadrant valt als in de matrix, met het assenkruis op elke \
         hersteekproef volgens dezelfde regel berekend (een gemiddelde of mediaan schuift \
         mee met de data; een vaste waarde blijft staan).",
        "Ruisijking: elk model krijgt ook een contactmoment van twee kolommen \
         willekeurige getallen. Het belang daarvan, het gemiddelde van de winst in \
         R\u{b2} op het lege en op het volledige model, is wat een contactmoment zonder \
         echte samenhang met de KPI bij toeval krijgt. Het belang van een contactmoment \
         telt pas als significant wanneer de ondergrens van zijn interval boven het 95e \
         percentiel van het ruisbelang over de hersteekproeven ligt.",
    ],
    bootstrap_blocks: "Bij zoveel respondenten trekt een hersteekproef {chunks} \
                       willekeurige blokken respondenten met teruglegging en telt hun sommen \
                       van kwadraten en kruisproducten op, zodat een hersteekproef geen \
                       nieuwe doorgang door de data vraagt; bij blokken van deze omvang \
                       geven ze dezelfde intervallen als het trekken van losse \
                       respondenten.",
    footer: "Gemaakt met cximpact.",

    matrix_title_logistic: "{kpi} \u{2014} n = {n}, pseudo-R\u{b2} = {r2}",
    kpi_meta_logistic: "{kind} \u{b7} n = {n} \u{b7} logistisch model \u{b7} McFadden \
                        pseudo-R\u{b2} = {r2} (gecorrigeerd {adj})",
    th_incidence_or: "Incidentie (odds ratio)",
    th_quality_or: "Kwaliteit (odds ratio per punt)",
    not_estimable: "niet schatbaar",
    odds_of_yes: "een ja",
    odds_of_no_reversed: "een nee (de KPI is omgekeerd: nee is het goede antwoord)",
    table_note_logistic: "Logistisch model van {kpi}. Incidentie: de odds op {yes} van \
                          klanten die het moment meemaakten (bij gemiddelde tevredenheid) gedeeld door die van klanten die dat niet deden. \
                          Kwaliteit: de factor waarmee die odds veranderen per punt \
                          tevredenheid. Boven 1 verhoogt de odds, onder 1 verlaagt ze; de \
                          log-odds staan in impact.json en impact.csv. Impact: aandeel in \
                          McFaddens pseudo-R\u{b2}, met het teken van het netto-effect.",
    sampled_note: "Met {groups} contactmomenten is het belang geschat uit willekeurige \
                   permutaties (gesteekproefde Shapley-waarden); de grootste standaardfout is \
                   {se} (in eenheden pseudo-R\u{b2}).",
    below_se: "kleiner dan {se}",
    separation_note: "Sommige groepen klanten gaven allemaal hetzelfde antwoord, daardoor \
                      hebben de effecten met \"niet schatbaar\" geen eindige odds ratio; het \
                      belang blijft geldig.",
    methods_logistic: "Ja/nee-KPI's (en een NPS die als promotor of criticaster tegenover de \
                       rest is geanalyseerd) krijgen een logistisch model met dezelfde \
                       incidentie- en kwaliteitstermen, geschat met maximale aannemelijkheid \
                       zonder straf (weging als frequentiegewichten). Effecten zijn log-odds, \
                       getoond als odds ratio's. Belang is het Shapley-aandeel in McFaddens \
                       pseudo-R\u{b2} (1 min de log-aannemelijkheid van het model gedeeld door \
                       die van een model zonder contactmomenten): exact tot 12 \
                       contactmomenten, daarboven geschat uit willekeurige permutaties met een \
                       standaardfout.",
    subsample_note: "Bij zoveel klanten combineert het belang een kleinstekwadratenontleding \
                     over alle {n} met de logistische correctie, berekend op een willekeurige \
                     deelsteekproef van {rows}; het model zelf gebruikt iedereen.",
    subsample_note_of_sample: "Het belang combineert een kleinstekwadratenontleding over die \
                               {n} klanten met de logistische correctie, berekend op een \
                               willekeurige {rows} van hen.",
    kpi_meta_subsample: "model geschat op een willekeurige {n} van de {of} die antwoordden \
                         (zie de toelichting onder de tabel)",
    model_subsample_note: "{of} klanten beantwoordden deze vraag; het model is geschat op een \
                           willekeurige {n} van hen (seed {seed}), zodat de analyse van zo'n \
                           grote enquête snel blijft en weinig geheugen vraagt. Effecten, \
                           belang en intervallen komen van die {n} klanten, dus de intervallen \
                           zijn ongeveer {wider} keer zo breed als bij een schatting op alle \
                           {of}. Tevredenheid, bereik en de andere KPI's gebruiken alle \
                           respondenten.",
    methods_logistic_subsample: "Een ja/nee-KPI die door meer dan {cap} klanten is beantwoord, \
                                 wordt geschat op een enkelvoudige aselecte steekproef van \
                                 {cap} van hen, getrokken met de seed van de bootstrap (een \
                                 herhaling trekt dezelfde klanten), en gebootstrapt door die \
                                 steekproef te hersteekproeven; de tabel van de KPI noemt \
                                 hoeveel klanten antwoordden. Tevredenheid, bereik en de \
                                 andere KPI's gebruiken alle respondenten. Het gevolg: de \
                                 intervallen van dat model gelden voor {cap} klanten en zijn \
                                 dus breder dan bij een schatting op iedereen, ongeveer met de \
                                 wortel van hoeveel keer meer klanten antwoordden (zo'n 3 keer \
                                 zo breed bij 1.000.000).",
    methods_logistic_bootstrap: "In de bootstrap wordt het logistische model op elke \
                                 hersteekproef opnieuw geschat; dat geeft de odds ratio's, de \
                                 pseudo-R\u{b2} en de richting van elke impact. Het belang komt \
                                 daar uit een kleinstekwadratenmodel van hetzelfde ja/nee-antwoord, \
                                 herschaald naar de pseudo-R\u{b2} van de hersteekproef en \
                                 verankerd aan de waarden hierboven: de volledige \
                                 pseudo-R\u{b2}-ontleding op elke hersteekproef zou telkens \
                                 duizenden modelschattingen vragen.",
};
