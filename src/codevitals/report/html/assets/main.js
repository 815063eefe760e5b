// -- start -------------------------------------------------------------------------------

header();
tabs();
theme();
overview();
planTab();
initMap();
filesTab();
functionsTab();
historyTab();
dependenciesTab();
trendTab();
findingsTab();
clonesTab();
noticesTab();
