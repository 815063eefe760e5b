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
findingsTab();
clonesTab();
noticesTab();
